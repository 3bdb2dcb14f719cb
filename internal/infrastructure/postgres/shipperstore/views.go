package shipperstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
)

var (
	_ readmodel.Views[shipper.SearchCondition, query.ShipperView] = (*Repository)(nil)
)

// View implements readmodel.Reader.
func (r *Repository) View(ctx context.Context, id uuid.UUID, withDeleted bool) (query.ShipperView, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return query.ShipperView{}, err
	}
	sqlText := selectActiveShipperSQL
	if withDeleted {
		sqlText = selectShipperSQL
	}
	rows, err := scanShippers(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return query.ShipperView{}, fmt.Errorf("get shipper %s: %w", id, err)
	}
	if len(rows) == 0 {
		return query.ShipperView{}, fmt.Errorf("get shipper %s: %w", id, shipper.ErrNotFound)
	}
	return rows[0], nil
}

// SearchViews implements readmodel.Searcher: one filtered dataset on the shared
// planner (joined with hubs for a hub name prefix), branched into the content and, only when
// needed, the count.
func (r *Repository) SearchViews(ctx context.Context, cond shipper.SearchCondition, p paging.Pageable) (paging.Page[query.ShipperView], error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return paging.Page[query.ShipperView]{}, err
	}
	s, where := searchFor(cond)
	return s.Run(ctx, q, where, p, r.store.Metrics())
}

// Search implements shipper.Repository: the views' search, each row made an aggregate.
func (r *Repository) Search(ctx context.Context, cond shipper.SearchCondition, p paging.Pageable) (paging.Page[*shipper.Shipper], error) {
	page, err := r.SearchViews(ctx, cond, p)
	if err != nil {
		return paging.Page[*shipper.Shipper]{}, err
	}
	out := paging.Page[*shipper.Shipper]{}
	shippers := make([]*shipper.Shipper, len(page.Content))
	for i, v := range page.Content {
		if shippers[i], err = toShipper(v); err != nil {
			return out, err
		}
	}
	out = paging.Map(page, func(query.ShipperView) *shipper.Shipper { return nil })
	copy(out.Content, shippers)
	return out, nil
}
