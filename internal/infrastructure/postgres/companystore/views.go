package companystore

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
)

var (
	_ readmodel.Views[company.SearchCondition, query.CompanyView] = (*Repository)(nil)
)

// View implements readmodel.Reader.
func (r *Repository) View(ctx context.Context, id uuid.UUID, withDeleted bool) (query.CompanyView, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return query.CompanyView{}, err
	}
	sqlText := selectActiveCompanySQL
	if withDeleted {
		sqlText = selectCompanySQL
	}
	rows, err := scanCompanies(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return query.CompanyView{}, fmt.Errorf("get company %s: %w", id, err)
	}
	if len(rows) == 0 {
		return query.CompanyView{}, fmt.Errorf("get company %s: %w", id, company.ErrNotFound)
	}
	return rows[0].CompanyView, nil
}

// SearchViews implements readmodel.Searcher: one filtered dataset on the shared
// planner (joined to hubs for a hubName prefix), branched into the content and, only when
// needed, the count.
func (r *Repository) SearchViews(ctx context.Context, cond company.SearchCondition, p paging.Pageable) (paging.Page[query.CompanyView], error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return paging.Page[query.CompanyView]{}, err
	}
	s, where := plan(cond)
	page, err := s.Run(ctx, q, where, p, r.store.Metrics())
	if err != nil {
		return paging.Page[query.CompanyView]{}, err
	}
	return paging.Map(page, func(v viewRow) query.CompanyView { return v.CompanyView }), nil
}

// Search implements company.Repository over the read model's search.
func (r *Repository) Search(ctx context.Context, cond company.SearchCondition, p paging.Pageable) (paging.Page[*company.Company], error) {
	views, err := r.SearchViews(ctx, cond, p)
	if err != nil {
		return paging.Page[*company.Company]{}, err
	}
	return paging.MapErr(views, func(v query.CompanyView) (*company.Company, error) {
		return company.UnmarshalFromDatabase(v.Snapshot())
	})
}
