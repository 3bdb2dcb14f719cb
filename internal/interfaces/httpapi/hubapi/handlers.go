package hubapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const hubsPath = "/api/v1/hubs"

// API is the hub's HTTP interface: the routes of the contract's hub endpoints, over the hub's
// use cases.
type API struct {
	uc     application.Hubs
	routes *httpapi.Routes
}

// New is the hub module for httpapi.Config.Modules.
func New(uc application.Hubs) *API { return &API{uc: uc} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	a.routes = r
	r.POST("/hubs", a.createHub, true)
	r.GET("/hubs", a.searchHubs)
	r.POST("/hubs/batch-get", a.batchGetHubs, false)
	r.GET("/hubs/nearest", a.nearestHubs)
	r.GET("/hubs/:hubId", a.getHub)
	r.PUT("/hubs/:hubId", a.replaceHub)
	r.PATCH("/hubs/:hubId", a.patchHub)
	r.DELETE("/hubs/:hubId", a.deleteHub)
	r.POST("/hubs/:hubId/restore", a.restoreHub, true)
}

func (a *API) createHub(c echo.Context) error {
	d, err := decodeHubInput(c)
	if err != nil {
		return err
	}
	created, err := a.uc.Create.Handle(c.Request().Context(), command.CreateHub{Actor: httpapi.Actor(c), Details: d})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, hubsPath+"/"+created.ID.String())
	return writeHub(c, http.StatusCreated, created)
}

func (a *API) getHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	v, err := a.uc.Get.Handle(c.Request().Context(), query.GetHub{Actor: httpapi.Actor(c), HubID: id})
	if err != nil {
		return err
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && httpapi.NoneMatch(inm, httpapi.ETag(v.Version)) {
		c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeHub(c, http.StatusOK, v)
}

func (a *API) replaceHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	d, err := decodeHubInput(c)
	if err != nil {
		return err
	}
	updated, err := a.uc.Update.Handle(c.Request().Context(), command.UpdateHub{
		Actor: httpapi.Actor(c), HubID: id, Details: d, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, updated)
}

func (a *API) patchHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaMergePatch, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	patch, err := decodePatch(body)
	if err != nil {
		return err
	}
	updated, err := a.uc.Update.Patch(c.Request().Context(), command.PatchHub{
		Actor: httpapi.Actor(c), HubID: id, Patch: patch, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, updated)
}

func (a *API) deleteHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	_, err = a.uc.Delete.Handle(c.Request().Context(), command.DeleteHub{
		Actor: httpapi.Actor(c), HubID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) restoreHub(c echo.Context) error {
	id, err := hubIDParam(c)
	if err != nil {
		return err
	}
	restored, err := a.uc.Restore.Handle(c.Request().Context(), command.RestoreHub{
		Actor: httpapi.Actor(c), HubID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeHub(c, http.StatusOK, restored)
}

func (a *API) searchHubs(c echo.Context) error {
	q, pr, err := searchSpec.Parse(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	actor := httpapi.Actor(c)
	cond, err := searchCondition(q, pr.Deleted, actor.ID)
	if err != nil {
		return err
	}
	return httpapi.Page(c, a.routes, searchSpec, pr, fingerprint(cond), func(p paging.Pageable) (paging.Page[query.HubView], error) {
		return a.uc.Search.Handle(c.Request().Context(), query.SearchHubs{Actor: actor, Condition: cond, Pageable: p})
	}, appendHubJSON)
}

func writeHub(c echo.Context, status int, v query.HubView) error {
	c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
	return writeHubBody(c, status, v)
}

func hubIDParam(c echo.Context) (uuid.UUID, error) {
	id, ok := httpapi.ParseUUID(c.Param("hubId"))
	if !ok {
		return uuid.Nil, httpapi.BadParam("hubId", "must be a UUID")
	}
	return id, nil
}

func decodeHubInput(c echo.Context) (hub.Details, error) {
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return hub.Details{}, err
	}
	var in hubInput
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return hub.Details{}, err
	}
	return in.details()
}
