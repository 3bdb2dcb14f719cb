package companyapi

import (
	"context"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const companiesPath = "/api/v1/companies"

// API is the company's HTTP interface over the company's use cases.
type API struct {
	uc     application.Companies
	routes *httpapi.Routes
}

// New is the company module for httpapi.Config.Modules.
func New(uc application.Companies) *API { return &API{uc: uc} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	a.routes = r
	r.POST("/companies", companies.Create(a.createCompany), true)
	r.GET("/companies", a.searchCompanies)
	r.GET("/companies/:companyId", companies.Get(a.getCompany))
	r.PUT("/companies/:companyId", companies.Replace(a.replaceCompany))
	r.PATCH("/companies/:companyId", companies.Patch(a.patchCompany))
	r.DELETE("/companies/:companyId", companies.Delete(a.deleteCompany))
	r.POST("/companies/:companyId/restore", companies.Restore(a.restoreCompany), true)
}

// companies is the HTTP of a company's item endpoints; the methods below are the company's part.
var companies = httpapi.Resource[query.CompanyView]{
	Param: "companyId", Path: companiesPath, Append: appendCompanyJSON,
	Key: func(v query.CompanyView) (uuid.UUID, int64) { return v.ID, v.Version },
}

func (a *API) createCompany(ctx context.Context, actor access.Actor, body []byte) (query.CompanyView, error) {
	d, err := decodeDetails(body)
	if err != nil {
		return query.CompanyView{}, err
	}
	return a.uc.Create.Handle(ctx, command.CreateCompany{Actor: actor, Details: d})
}

func (a *API) getCompany(ctx context.Context, actor access.Actor, id uuid.UUID) (query.CompanyView, error) {
	return a.uc.Get.Handle(ctx, query.GetCompany{Actor: actor, CompanyID: id})
}

func (a *API) replaceCompany(ctx context.Context, t httpapi.Target, body []byte) (query.CompanyView, error) {
	d, err := decodeDetails(body)
	if err != nil {
		return query.CompanyView{}, err
	}
	return a.uc.Update.Handle(ctx, command.UpdateCompany{Actor: t.Actor, CompanyID: t.ID, Details: d, IfVersion: t.IfVersion})
}

func (a *API) patchCompany(ctx context.Context, t httpapi.Target, body []byte) (query.CompanyView, error) {
	in, err := httpapi.DecodeObject[companyInput](body)
	if err != nil {
		return query.CompanyView{}, err
	}
	p, err := in.patch()
	if err != nil {
		return query.CompanyView{}, err
	}
	return a.uc.Update.Patch(ctx, command.PatchCompany{Actor: t.Actor, CompanyID: t.ID, Patch: p, IfVersion: t.IfVersion})
}

func (a *API) deleteCompany(ctx context.Context, t httpapi.Target) error {
	_, err := a.uc.Delete.Handle(ctx, command.DeleteCompany{Actor: t.Actor, CompanyID: t.ID, IfVersion: t.IfVersion})
	return err
}

func (a *API) restoreCompany(ctx context.Context, t httpapi.Target) (query.CompanyView, error) {
	return a.uc.Restore.Handle(ctx, command.RestoreCompany{Actor: t.Actor, CompanyID: t.ID, IfVersion: t.IfVersion})
}

func (a *API) searchCompanies(c echo.Context) error {
	q, pr, err := searchSpec.Parse(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	actor := httpapi.Actor(c)
	cond, err := searchCondition(q, pr.Deleted, actor.ID)
	if err != nil {
		return err
	}
	return httpapi.Page(c, a.routes, searchSpec, pr, fingerprint(cond), func(p paging.Pageable) (paging.Page[query.CompanyView], error) {
		return a.uc.Search.Handle(c.Request().Context(), query.SearchCompanies{Actor: actor, Condition: cond, Pageable: p})
	}, appendCompanyJSON)
}

// decodeDetails reads the body of POST and PUT.
func decodeDetails(body []byte) (company.Details, error) {
	in, err := httpapi.DecodeObject[companyInput](body)
	if err != nil {
		return company.Details{}, err
	}
	return in.details()
}
