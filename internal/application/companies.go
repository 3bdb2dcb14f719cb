package application

import (
	"errors"

	companycommand "github.com/hubd/hubd/internal/application/company/command"
	companyquery "github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/company"
)

// Companies are the company's use cases (issue 12): four commands, two queries.
type Companies struct {
	Create  companycommand.CreateCompanyHandler
	Update  companycommand.UpdateCompanyHandler // Handle (PUT) and Patch (PATCH)
	Delete  companycommand.DeleteCompanyHandler
	Restore companycommand.RestoreCompanyHandler
	Get     readmodel.Get[companyquery.CompanyView]
	Search  readmodel.Search[company.SearchCondition, companyquery.CompanyView]
}

// CompanyViews are the read models of the company queries.
type CompanyViews = readmodel.Views[company.SearchCondition, companyquery.CompanyView]

// newCompanies wires the company's use cases over the storage and a clock.
func newCompanies(s Storage, now companycommand.Clock) (Companies, error) {
	var (
		c    Companies
		errs [6]error
	)
	d := companycommand.Deps{Companies: s.Companies, Hubs: s.CompanyHubs, Tx: s.Tx, Now: now}
	c.Create, c.Update = companycommand.CreateCompanyHandler(d), companycommand.UpdateCompanyHandler(d)
	c.Delete, c.Restore = companycommand.DeleteCompanyHandler(d), companycommand.RestoreCompanyHandler(d)
	errs[0] = d.Check()
	c.Get, errs[4] = readmodel.NewGet[companyquery.CompanyView]("company", s.CompanyViews, readmodel.Readers)
	// The condition is checked before the read model sees it.
	c.Search, errs[5] = readmodel.NewSearch[company.SearchCondition, companyquery.CompanyView]("company", s.CompanyViews,
		readmodel.ReadersSearch(func(c company.SearchCondition) bool { return c.Deleted }, company.SearchCondition.Validate))
	return c, errors.Join(errs[:]...)
}
