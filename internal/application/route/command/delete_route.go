package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
)

// DeleteRoute soft-deletes a route.
type DeleteRoute = access.Target

// DeleteRouteHandler soft-deletes routes; MASTER only. Deleting a deleted route is
// route.ErrNotFound, as the contract answers 404 for it (as for hubs).
type DeleteRouteHandler Deps

// Handle deletes the route and returns its view as stored.
func (h DeleteRouteHandler) Handle(ctx context.Context, c DeleteRoute) (query.RouteView, error) {
	return Deps(h).change(ctx, c.Actor, c.ID, func(r *route.HubRoute, pair HubPair) error {
		if r.IsDeleted() {
			return route.ErrNotFound
		}
		if err := checkVersion(r, c.IfVersion); err != nil {
			return err
		}
		if err := checkHold(r, pair); err != nil {
			return err
		}
		return r.Delete(c.Actor.ID, Deps(h).Now())
	})
}
