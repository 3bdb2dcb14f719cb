package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
)

// SearchRoutes asks for one page of routes.
type SearchRoutes struct {
	Actor     access.Actor
	Condition route.SearchCondition
	Pageable  paging.Pageable
}

// RouteViewSearcher is SearchRoutes' read model: one page of views in the order of p.Sort
// (route.DefaultSort when empty) then the route id, counted by paging's rule.
type RouteViewSearcher interface {
	SearchRouteViews(ctx context.Context, cond route.SearchCondition, p paging.Pageable) (paging.Page[RouteView], error)
}

// SearchRoutesHandler pages through routes: every role but CUSTOMER; only MASTER searches the
// deleted ones.
type SearchRoutesHandler struct {
	search readmodel.Search[RouteViewSearcher, route.SearchCondition, RouteView]
}

// NewSearchRoutesHandler refuses a nil read model.
func NewSearchRoutesHandler(views RouteViewSearcher) (SearchRoutesHandler, error) {
	s, err := readmodel.NewSearch("route", views, RouteViewSearcher.SearchRouteViews,
		func(a access.Actor, c route.SearchCondition) (route.SearchCondition, bool, error) {
			return c, true, readmodel.CheckSearch(a.CanRead(), a, c.Deleted)
		})
	return SearchRoutesHandler{s}, err
}

// Handle returns the page of read models.
func (h SearchRoutesHandler) Handle(ctx context.Context, q SearchRoutes) (paging.Page[RouteView], error) {
	return h.search.Handle(ctx, q.Actor, q.Condition, q.Pageable)
}
