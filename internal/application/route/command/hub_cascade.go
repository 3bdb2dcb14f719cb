package command

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/route"
)

// HubCascade is what a hub's deletion and restore do to its routes (the hub commands' Cascade
// port). It runs in the transaction the hub's change runs in (the ctx carries it), so the hub
// and its routes change together or not at all.
type HubCascade struct {
	routes route.Repository
	hubs   HubEnds
}

// NewHubCascade is the cascade over the routes and their hubs.
func NewHubCascade(d Deps) (HubCascade, error) {
	return HubCascade{routes: d.Routes, hubs: d.Hubs}, d.Check()
}

// HubDeleted soft-deletes every live route from or to the hub, one event each, each marked with
// this deletion of the hub (its id and the version the deletion gave it), by the hub's deleter
// at the hub's deletion time.
func (c HubCascade) HubDeleted(ctx context.Context, hubID uuid.UUID, hubVersion int64, by uuid.UUID, at time.Time) error {
	mark := route.Cascade{HubID: hubID, HubVersion: hubVersion}
	_, err := c.routes.UpdateSelected(ctx, route.Selection{LiveOfHub: hubID}, func(r *route.HubRoute) error {
		return r.DeleteWithHub(mark, by, at)
	})
	return err
}

// HubRestored restores the routes the hub's deletion at deletedVersion removed, where the other
// hub is live and no live route holds the pair; the others stay deleted (with their mark), as
// the contract says: they are skipped, not an error.
func (c HubCascade) HubRestored(ctx context.Context, hubID uuid.UUID, deletedVersion int64, by uuid.UUID, at time.Time) error {
	mark := route.Cascade{HubID: hubID, HubVersion: deletedVersion}
	_, err := c.routes.UpdateSelected(ctx, route.Selection{DeletedWith: &mark}, func(r *route.HubRoute) error {
		pair, err := c.hubs.PeekHubEnds(ctx, r.DepartureHubID(), r.ArrivalHubID())
		if err != nil || !pair.DepartureLive || !pair.ArrivalLive {
			return err
		}
		taken, err := c.routes.PairTaken(ctx, r.DepartureHubID(), r.ArrivalHubID())
		if err != nil || taken {
			return err
		}
		return r.RestoreWithHub(mark, by, at)
	})
	return err
}
