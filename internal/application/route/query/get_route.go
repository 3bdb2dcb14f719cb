package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// GetRoute asks for one route by id.
type GetRoute struct {
	Actor   access.Actor
	RouteID uuid.UUID
}

// RouteViewReader is GetRoute's read model.
type RouteViewReader interface {
	// RouteView returns the route's view; a deleted route only when withDeleted is set, else
	// (and when there is no such route) route.ErrNotFound.
	RouteView(ctx context.Context, id uuid.UUID, withDeleted bool) (RouteView, error)
}

// GetRouteHandler reads one route: every role but CUSTOMER; a deleted route only MASTER, to the
// others it is route.ErrNotFound (404), as for hubs.
type GetRouteHandler struct{ views RouteViewReader }

// NewGetRouteHandler refuses a nil read model.
func NewGetRouteHandler(views RouteViewReader) (GetRouteHandler, error) {
	return GetRouteHandler{views}, checkReadModel(views)
}

// Handle returns the route's read model.
func (h GetRouteHandler) Handle(ctx context.Context, q GetRoute) (RouteView, error) {
	if !q.Actor.CanRead() {
		return RouteView{}, access.ErrForbidden
	}
	return h.views.RouteView(ctx, q.RouteID, q.Actor.CanSeeDeleted())
}
