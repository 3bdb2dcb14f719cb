package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
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
type GetRouteHandler struct {
	get readmodel.Get[RouteViewReader, RouteView]
}

// NewGetRouteHandler refuses a nil read model.
func NewGetRouteHandler(views RouteViewReader) (GetRouteHandler, error) {
	get, err := readmodel.NewGet("route", views, RouteViewReader.RouteView, readmodel.Readers)
	return GetRouteHandler{get}, err
}

// Handle returns the route's read model.
func (h GetRouteHandler) Handle(ctx context.Context, q GetRoute) (RouteView, error) {
	return h.get.Handle(ctx, q.Actor, q.RouteID)
}
