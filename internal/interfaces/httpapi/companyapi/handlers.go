package companyapi

import (
	"context"

	"github.com/google/uuid"

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
	uc application.Companies
}

// New is the company module for httpapi.Config.Modules.
func New(uc application.Companies) *API { return &API{uc: uc} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	companies.Register(r, httpapi.Items[query.CompanyView]{
		Create:  a.createCompany,
		Get:     a.getCompany,
		Replace: a.replaceCompany,
		Patch:   a.patchCompany,
		Delete:  a.deleteCompany,
		Restore: a.restoreCompany,
	})
	r.GET("/companies", httpapi.Search[company.SearchCondition, query.CompanyView]{
		Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
		Run: func(ctx context.Context, actor access.Actor, cond company.SearchCondition, p paging.Pageable) (paging.Page[query.CompanyView], error) {
			return a.uc.Search.Handle(ctx, query.SearchCompanies{Actor: actor, Condition: cond, Pageable: p})
		},
	}.Handler(r, appendCompanyJSON))
}

// companies is the HTTP of a company's item endpoints; the methods below are the company's part.
var companies = httpapi.Resource[query.CompanyView]{
	Param: "companyId", Path: companiesPath, Append: appendCompanyJSON,
	Key: func(v query.CompanyView) (uuid.UUID, int64) { return v.ID, v.Version },
}

func (a *API) createCompany(ctx context.Context, actor access.Actor, body []byte) (query.CompanyView, error) {
	d, err := httpapi.DecodeInto(body, companyInput.details)
	if err != nil {
		return query.CompanyView{}, err
	}
	return a.uc.Create.Handle(ctx, command.CreateCompany{Actor: actor, Details: d})
}

func (a *API) getCompany(ctx context.Context, actor access.Actor, id uuid.UUID) (query.CompanyView, error) {
	return a.uc.Get.Handle(ctx, query.GetCompany{Actor: actor, CompanyID: id})
}

func (a *API) replaceCompany(ctx context.Context, t httpapi.Target, body []byte) (query.CompanyView, error) {
	d, err := httpapi.DecodeInto(body, companyInput.details)
	if err != nil {
		return query.CompanyView{}, err
	}
	return a.uc.Update.Handle(ctx, command.UpdateCompany{Actor: t.Actor, CompanyID: t.ID, Details: d, IfVersion: t.IfVersion})
}

func (a *API) patchCompany(ctx context.Context, t httpapi.Target, body []byte) (query.CompanyView, error) {
	p, err := httpapi.DecodeInto(body, companyInput.patch)
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
