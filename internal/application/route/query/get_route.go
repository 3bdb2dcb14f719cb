package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
)

// GetRoute asks for one route by id.
type GetRoute = readmodel.One

// RouteViewReader is GetRoute's read model.
type RouteViewReader interface {
	// RouteView returns the route's view; a deleted route only when withDeleted is set, else
	// (and when there is no such route) route.ErrNotFound.
	RouteView(ctx context.Context, id uuid.UUID, withDeleted bool) (RouteView, error)
}

// GetRouteHandler reads one route: every role but CUSTOMER; a deleted route only MASTER, to the
// others it is route.ErrNotFound (404), as for hubs.
type GetRouteHandler = readmodel.Get[RouteViewReader, RouteView]

// NewGetRouteHandler refuses a nil read model.
func NewGetRouteHandler(views RouteViewReader) (GetRouteHandler, error) {
	return readmodel.NewGet("route", views, RouteViewReader.RouteView, readmodel.Readers)
}
