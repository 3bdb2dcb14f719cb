package companyapi

import (
	"net/url"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// The company search's own parameters; the paging ones are every search's (httpapi.SearchSpec).
const (
	paramCompanyID   = "companyId"
	paramHubID       = "hubId"
	paramManagerID   = "companyManagerId"
	paramCompanyName = "companyName"
	paramHubName     = "hubName"
)

// searchSpec is GET /api/v1/companies: its filters and the fields it sorts by.
var searchSpec = httpapi.NewSearchSpec(companiesPath,
	[]string{paramCompanyID, paramHubID, paramManagerID, paramCompanyName, paramHubName}, company.SortableProperties)

// searchCondition reads the company filters of a search, checked: a bad value is a 400 that
// names its parameter. self is the caller's sub, which companyManagerId=me stands for.
func searchCondition(q url.Values, deleted bool, self uuid.UUID) (company.SearchCondition, error) {
	cond := company.SearchCondition{Deleted: deleted}
	err := httpapi.ReadUUIDFilters(q, httpapi.UUIDFilter{Name: paramCompanyID, Into: &cond.CompanyID},
		httpapi.UUIDFilter{Name: paramHubID, Into: &cond.HubID})
	if err != nil {
		return cond, err
	}
	if cond.ManagerID, err = httpapi.ManagerFilter(q, paramManagerID, self); err != nil {
		return cond, err
	}
	cond.NamePrefix, cond.HubNamePrefix = q.Get(paramCompanyName), q.Get(paramHubName)
	return cond, httpapi.ConditionError(cond.Validate())
}

// fingerprint is what of a condition a cursor must not outlive (with the sort, added by
// httpapi.Page); it starts with the aggregate, so no other search's cursor fits a company search.
func fingerprint(c company.SearchCondition) []string {
	return []string{"company", httpapi.Optional(c.CompanyID), httpapi.Optional(c.HubID), httpapi.Optional(c.ManagerID),
		c.NamePrefix, c.HubNamePrefix}
}
