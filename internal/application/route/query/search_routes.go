package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
)

// SearchRoutes asks for one page of routes.
type SearchRoutes = readmodel.Find[route.SearchCondition]

// RouteViewSearcher is SearchRoutes' read model: one page of views in the order of p.Sort
// (route.DefaultSort when empty) then the route id, counted by paging's rule.
type RouteViewSearcher interface {
	SearchRouteViews(ctx context.Context, cond route.SearchCondition, p paging.Pageable) (paging.Page[RouteView], error)
}

// SearchRoutesHandler pages through routes: every role but CUSTOMER; only MASTER searches the
// deleted ones.
type SearchRoutesHandler = readmodel.Search[RouteViewSearcher, route.SearchCondition, RouteView]

// NewSearchRoutesHandler refuses a nil read model.
func NewSearchRoutesHandler(views RouteViewSearcher) (SearchRoutesHandler, error) {
	return readmodel.NewSearch("route", views, RouteViewSearcher.SearchRouteViews,
		func(a access.Actor, c route.SearchCondition) (route.SearchCondition, bool, error) {
			return c, true, readmodel.CheckSearch(a.CanRead(), a, c.Deleted)
		})
}
