package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
)

// CreateRoute is the input of CreateRouteHandler.
type CreateRoute struct {
	Actor          access.Actor
	DepartureHubID uuid.UUID
	ArrivalHubID   uuid.UUID
	Figures        route.Figures
	// WithoutGreatCircle skips the great-circle rule: for the seed only, whose reference road
	// distances are in places shorter than the great circle between the CSV's hub locations
	// (README "Decisions"). No HTTP request sets it.
	WithoutGreatCircle bool
}

// CreateRouteHandler creates routes; MASTER only.
type CreateRouteHandler Deps

// Handle creates the route: access.ErrForbidden, a *route.ValidationError (400), HubNotFound's
// error naming the field of a hub that is not live (422), or an *route.ExistsError (409).
func (h CreateRouteHandler) Handle(ctx context.Context, c CreateRoute) (query.RouteView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.RouteView{}, access.ErrForbidden
	}
	now := Deps(h).Now()
	// The body's own rules first, so a bad number is a 400 whatever the hubs are.
	if _, err := route.New(c.DepartureHubID, c.ArrivalHubID, c.Figures, route.Ends{}, c.Actor.ID, now); err != nil {
		return query.RouteView{}, err
	}
	return Deps(h).inTx(ctx, func(ctx context.Context) (*route.HubRoute, error) {
		pair, err := Deps(h).Hubs.LiveHubEnds(ctx, c.DepartureHubID, c.ArrivalHubID)
		if err != nil {
			return nil, err
		}
		if err := hubsLive(pair); err != nil {
			return nil, err
		}
		ends := pair.Ends
		if c.WithoutGreatCircle {
			ends = route.Ends{}
		}
		r, err := route.New(c.DepartureHubID, c.ArrivalHubID, c.Figures, ends, c.Actor.ID, now)
		if err != nil {
			return nil, err
		}
		return r, Deps(h).Routes.Create(ctx, r)
	})
}
