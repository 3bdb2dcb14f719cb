package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/patch"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
)

// UpdateRoute changes the figures of a route: PUT gives both, a merge patch either (nil: as it
// is). A body may repeat the route's hubs, but naming other ones is refused (400): a route's
// hubs never change.
type UpdateRoute struct {
	Actor           access.Actor
	RouteID         uuid.UUID
	DistanceKm      *float64
	DurationMinutes *int
	DepartureHubID  *uuid.UUID
	ArrivalHubID    *uuid.UUID
	// IfVersion, when not 0, must be the route's current version (If-Match).
	IfVersion int64
}

// UpdateRouteHandler changes routes; MASTER only.
type UpdateRouteHandler Deps

// Handle applies the change to the route as it is when locked and returns its view as stored.
// A changed distance is checked against the great circle between the hubs as they are now.
func (h UpdateRouteHandler) Handle(ctx context.Context, c UpdateRoute) (query.RouteView, error) {
	return Deps(h).change(ctx, c.Actor, c.RouteID, func(r *route.HubRoute, pair HubPair) error {
		if err := r.CheckSameHubs(c.DepartureHubID, c.ArrivalHubID); err != nil {
			return err
		}
		if err := checkVersion(r, c.IfVersion); err != nil {
			return err
		}
		if err := checkHold(r, pair); err != nil {
			return err
		}
		f := r.Figures()
		patch.Set(&f.DistanceKm, c.DistanceKm)
		patch.Set(&f.DurationMinutes, c.DurationMinutes)
		return r.Update(f, pair.Ends, c.Actor.ID, Deps(h).Now())
	})
}
