// Package command holds the use cases that change hub routes, one file each, and the hub
// cascade (HubCascade), which the hub's delete and restore run in their transaction. Every use
// case is MASTER's, runs in one transaction of the application's unit of work (the hubs a route
// needs are read in it, held against a concurrent deletion) and returns the view of the route
// as stored (query.RouteView).
package command

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/route"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// HubPair is what a route's command needs of its two hubs: whether each is live, and their
// locations (for the great-circle rule; nil where a hub has none or is not live).
type HubPair struct {
	DepartureLive, ArrivalLive bool
	Ends                       route.Ends
}

// HubEnds reads the hubs of a route for its commands.
type HubEnds interface {
	// LiveHubEnds reads the two hubs in the transaction ctx carries, holding the live ones
	// against a concurrent deletion until it ends (a hub deleted meanwhile would otherwise keep
	// a live route its cascade did not see).
	LiveHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (HubPair, error)
}

// Deps are what every route command needs: the routes, their hubs, the unit of work and a clock.
type Deps struct {
	Routes route.Repository
	Hubs   HubEnds
	Tx     transaction.Transactor
	Now    Clock
}

func (d Deps) check() error {
	if d.Routes == nil || d.Hubs == nil || d.Tx == nil || d.Now == nil {
		return errors.New("route command: a repository, a hub reader, a transactor and a clock are required")
	}
	return nil
}

// checkVersion applies an optional If-Match version (0: none) to the locked route.
func checkVersion(r *route.HubRoute, version int64) error {
	if version != 0 {
		return r.CheckVersion(version)
	}
	return nil
}

// hubsLive is HubNotFound's answer for the pair.
func hubsLive(p HubPair) error { return route.HubNotFound(!p.DepartureLive, !p.ArrivalLive) }

// inTx runs fn in one transaction and returns the view of the route it stored.
func (d Deps) inTx(ctx context.Context, fn func(ctx context.Context) (*route.HubRoute, error)) (query.RouteView, error) {
	var stored *route.HubRoute
	err := d.Tx.InTx(ctx, func(ctx context.Context) error {
		r, err := fn(ctx)
		stored = r
		return err
	})
	if err != nil {
		return query.RouteView{}, err
	}
	return query.ViewOf(stored), nil
}
