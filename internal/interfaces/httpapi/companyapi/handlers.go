package companyapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/application/company/query"
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
	r.POST("/companies", a.createCompany, true)
	r.GET("/companies", a.searchCompanies)
	r.GET("/companies/:companyId", a.getCompany)
	r.PUT("/companies/:companyId", a.replaceCompany)
	r.PATCH("/companies/:companyId", a.patchCompany)
	r.DELETE("/companies/:companyId", a.deleteCompany)
	r.POST("/companies/:companyId/restore", a.restoreCompany, true)
}

func (a *API) createCompany(c echo.Context) error {
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeInput(body)
	if err != nil {
		return err
	}
	d, err := in.details()
	if err != nil {
		return err
	}
	created, err := a.uc.Create.Handle(c.Request().Context(), command.CreateCompany{Actor: httpapi.Actor(c), Details: d})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, companiesPath+"/"+created.ID.String())
	return writeCompany(c, http.StatusCreated, created)
}

func (a *API) getCompany(c echo.Context) error {
	id, err := companyIDParam(c)
	if err != nil {
		return err
	}
	v, err := a.uc.Get.Handle(c.Request().Context(), query.GetCompany{Actor: httpapi.Actor(c), CompanyID: id})
	if err != nil {
		return err
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && httpapi.NoneMatch(inm, httpapi.ETag(v.Version)) {
		c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeCompany(c, http.StatusOK, v)
}

func (a *API) replaceCompany(c echo.Context) error {
	id, err := companyIDParam(c)
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeInput(body)
	if err != nil {
		return err
	}
	d, err := in.details()
	if err != nil {
		return err
	}
	updated, err := a.uc.Update.Handle(c.Request().Context(), command.UpdateCompany{
		Actor: httpapi.Actor(c), CompanyID: id, Details: d, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeCompany(c, http.StatusOK, updated)
}

func (a *API) patchCompany(c echo.Context) error {
	id, err := companyIDParam(c)
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaMergePatch, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeInput(body)
	if err != nil {
		return err
	}
	p, err := in.patch()
	if err != nil {
		return err
	}
	updated, err := a.uc.Update.Patch(c.Request().Context(), command.PatchCompany{
		Actor: httpapi.Actor(c), CompanyID: id, Patch: p, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeCompany(c, http.StatusOK, updated)
}

func (a *API) deleteCompany(c echo.Context) error {
	id, err := companyIDParam(c)
	if err != nil {
		return err
	}
	_, err = a.uc.Delete.Handle(c.Request().Context(), command.DeleteCompany{
		Actor: httpapi.Actor(c), CompanyID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) restoreCompany(c echo.Context) error {
	id, err := companyIDParam(c)
	if err != nil {
		return err
	}
	restored, err := a.uc.Restore.Handle(c.Request().Context(), command.RestoreCompany{
		Actor: httpapi.Actor(c), CompanyID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeCompany(c, http.StatusOK, restored)
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

func writeCompany(c echo.Context, status int, v query.CompanyView) error {
	c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
	return httpapi.WriteBody(c, status, func(b []byte) []byte { return appendCompanyJSON(b, v) })
}

func companyIDParam(c echo.Context) (uuid.UUID, error) {
	id, ok := httpapi.ParseUUID(c.Param("companyId"))
	if !ok {
		return uuid.Nil, httpapi.BadParam("companyId", "must be a UUID")
	}
	return id, nil
}
