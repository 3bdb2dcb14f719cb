package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
)

// SearchCompanies asks for one page of companies.
type SearchCompanies = readmodel.Find[company.SearchCondition]

// CompanyViewSearcher is SearchCompanies' read model: one page of views in the order of p.Sort
// (company.DefaultSort when empty) then the company id, counted by paging's rule.
type CompanyViewSearcher interface {
	SearchCompanyViews(ctx context.Context, cond company.SearchCondition, p paging.Pageable) (paging.Page[CompanyView], error)
}

// SearchCompaniesHandler pages through companies: every role that may read; only MASTER
// searches the deleted ones. The condition is checked before the read model sees it.
type SearchCompaniesHandler = readmodel.Search[CompanyViewSearcher, company.SearchCondition, CompanyView]

// NewSearchCompaniesHandler refuses a nil read model.
func NewSearchCompaniesHandler(views CompanyViewSearcher) (SearchCompaniesHandler, error) {
	return readmodel.NewSearch("company", views, CompanyViewSearcher.SearchCompanyViews,
		func(a access.Actor, c company.SearchCondition) (company.SearchCondition, bool, error) {
			if err := readmodel.CheckSearch(a.CanRead(), a, c.Deleted); err != nil {
				return c, false, err
			}
			return c, true, c.Validate()
		})
}
