package query

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
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

// SearchCompaniesHandler pages through companies: every role but CUSTOMER; only MASTER searches
// the deleted ones.
type SearchCompaniesHandler struct{ views CompanyViewSearcher }

// NewSearchCompaniesHandler refuses a nil read model.
func NewSearchCompaniesHandler(views CompanyViewSearcher) (SearchCompaniesHandler, error) {
	return SearchCompaniesHandler{views}, checkReadModel(views)
}

// Handle checks the condition and returns the page of read models.
func (h SearchCompaniesHandler) Handle(ctx context.Context, q SearchCompanies) (paging.Page[CompanyView], error) {
	if !q.Actor.CanRead() || (q.Condition.Deleted && !q.Actor.CanSeeDeleted()) {
		return paging.Page[CompanyView]{}, access.ErrForbidden
	}
	if err := q.Condition.Validate(); err != nil {
		return paging.Page[CompanyView]{}, err
	}
	return h.views.SearchCompanyViews(ctx, q.Condition, q.Pageable)
}
