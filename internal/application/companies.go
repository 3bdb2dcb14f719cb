package application

import (
	"errors"

	companycommand "github.com/hubd/hubd/internal/application/company/command"
	companyquery "github.com/hubd/hubd/internal/application/company/query"
)

// Companies are the company's use cases (issue 12): four commands, two queries.
type Companies struct {
	Create  companycommand.CreateCompanyHandler
	Update  companycommand.UpdateCompanyHandler // Handle (PUT) and Patch (PATCH)
	Delete  companycommand.DeleteCompanyHandler
	Restore companycommand.RestoreCompanyHandler
	Get     companyquery.GetCompanyHandler
	Search  companyquery.SearchCompaniesHandler
}

// CompanyViews are the read models of the company queries.
type CompanyViews interface {
	companyquery.CompanyViewReader
	companyquery.CompanyViewSearcher
}

// newCompanies wires the company's use cases over the storage and a clock.
func newCompanies(s Storage, now companycommand.Clock) (Companies, error) {
	var (
		c    Companies
		errs [6]error
	)
	d := companycommand.Deps{Companies: s.Companies, Hubs: s.CompanyHubs, Tx: s.Tx, Now: now}
	c.Create, errs[0] = companycommand.NewCreateCompanyHandler(d)
	c.Update, errs[1] = companycommand.NewUpdateCompanyHandler(d)
	c.Delete, errs[2] = companycommand.NewDeleteCompanyHandler(d)
	c.Restore, errs[3] = companycommand.NewRestoreCompanyHandler(d)
	c.Get, errs[4] = companyquery.NewGetCompanyHandler(s.CompanyViews)
	c.Search, errs[5] = companyquery.NewSearchCompaniesHandler(s.CompanyViews)
	return c, errors.Join(errs[:]...)
}
