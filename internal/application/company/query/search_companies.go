package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
)

// SearchCompanies asks for one page of companies.
type SearchCompanies struct {
	Actor     access.Actor
	Condition company.SearchCondition
	Pageable  paging.Pageable
}

// CompanyViewSearcher is SearchCompanies' read model: one page of views in the order of p.Sort
// (company.DefaultSort when empty) then the company id, counted by paging's rule.
type CompanyViewSearcher interface {
	SearchCompanyViews(ctx context.Context, cond company.SearchCondition, p paging.Pageable) (paging.Page[CompanyView], error)
}

// SearchCompaniesHandler pages through companies: every role that may read; only MASTER
// searches the deleted ones. The condition is checked before the read model sees it.
type SearchCompaniesHandler struct {
	search readmodel.Search[CompanyViewSearcher, company.SearchCondition, CompanyView]
}

// NewSearchCompaniesHandler refuses a nil read model.
func NewSearchCompaniesHandler(views CompanyViewSearcher) (SearchCompaniesHandler, error) {
	s, err := readmodel.NewSearch("company", views, CompanyViewSearcher.SearchCompanyViews,
		func(a access.Actor, c company.SearchCondition) (company.SearchCondition, bool, error) {
			if err := readmodel.CheckSearch(a.CanRead(), a, c.Deleted); err != nil {
				return c, false, err
			}
			return c, true, c.Validate()
		})
	return SearchCompaniesHandler{s}, err
}

// Handle checks the condition and returns the page of read models.
func (h SearchCompaniesHandler) Handle(ctx context.Context, q SearchCompanies) (paging.Page[CompanyView], error) {
	return h.search.Handle(ctx, q.Actor, q.Condition, q.Pageable)
}
