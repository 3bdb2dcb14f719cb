package routestore

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
)

var (
	_ readmodel.Views[route.SearchCondition, query.RouteView] = (*Repository)(nil)
)

var selectActiveRouteSQL = selectRouteSQL + ` AND NOT is_deleted`

// View implements readmodel.Reader.
func (r *Repository) View(ctx context.Context, id uuid.UUID, withDeleted bool) (query.RouteView, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return query.RouteView{}, err
	}
	sqlText := selectActiveRouteSQL
	if withDeleted {
		sqlText = selectRouteSQL
	}
	rows, err := scanRoutes(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return query.RouteView{}, fmt.Errorf("get route %s: %w", id, err)
	}
	if len(rows) == 0 {
		return query.RouteView{}, fmt.Errorf("get route %s: %w", id, route.ErrNotFound)
	}
	return rows[0].RouteView, nil
}

// SearchViews implements readmodel.Searcher: one filtered dataset on the shared
// planner, branched into the content and, only when needed, the count.
func (r *Repository) SearchViews(ctx context.Context, cond route.SearchCondition, p paging.Pageable) (paging.Page[query.RouteView], error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return paging.Page[query.RouteView]{}, err
	}
	page, err := routeSearch.Run(ctx, q, routeWhere(cond), p, r.store.Metrics())
	if err != nil {
		return paging.Page[query.RouteView]{}, err
	}
	return paging.Map(page, func(v routeRow) query.RouteView { return v.RouteView }), nil
}
