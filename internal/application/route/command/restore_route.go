package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
)

// RestoreRoute brings a deleted route back.
type RestoreRoute = access.Target

// RestoreRouteHandler restores routes; MASTER only. A live route is route.ErrNotDeleted (409); a
// hub that is not live is HubNotFound's error (422); a pair a live route took meanwhile is an
// *route.ExistsError (409).
type RestoreRouteHandler Deps

// Handle restores the route and returns its view as stored.
func (h RestoreRouteHandler) Handle(ctx context.Context, c RestoreRoute) (query.RouteView, error) {
	return Deps(h).change(ctx, c.Actor, c.ID, func(r *route.HubRoute, pair HubPair) error {
		if err := checkVersion(r, c.IfVersion); err != nil {
			return err
		}
		if !r.IsDeleted() {
			return route.ErrNotDeleted
		}
		if err := hubsLive(pair); err != nil {
			return err
		}
		return r.Restore(c.Actor.ID, Deps(h).Now())
	})
}
