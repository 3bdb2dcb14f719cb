package companyapi

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const companiesPath = "/api/v1/companies"

// API is the company's HTTP interface over the company's use cases.
type API struct {
	uc application.Companies
}

// New is the company module for httpapi.Config.Modules.
func New(uc application.Companies) *API { return &API{uc: uc} }

// Routes implements httpapi.Module: each use case with how its query or command is made of the
// request (the body's, in dto.go).
func (a *API) Routes(r *httpapi.Routes) {
	companies.Register(r, httpapi.Items[company.SearchCondition, query.CompanyView]{
		Create:  httpapi.CreateFrom(companyInput.create, a.uc.Create.Handle),
		Search:  a.uc.Search.Handle,
		Get:     a.uc.Get.Handle,
		Replace: httpapi.ChangeFrom(companyInput.replace, a.uc.Update.Handle),
		Patch:   httpapi.ChangeFrom(companyInput.patch, a.uc.Update.Patch),
		Delete:  httpapi.DeleteBy(a.uc.Delete.Handle),
		Restore: a.uc.Restore.Handle,
	})
}

// companies is the HTTP of the company's endpoints.
var companies = httpapi.Resource[company.SearchCondition, query.CompanyView]{
	Param: "companyId", Path: companiesPath, Append: appendCompanyJSON,
	Key:  func(v query.CompanyView) (uuid.UUID, int64) { return v.ID, v.Version },
	Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
}
