package routeapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const routesPath = "/api/v1/hub-routes"

// API is the route's HTTP interface over the route's use cases.
type API struct {
	uc     application.Routes
	routes *httpapi.Routes
}

// New is the route module for httpapi.Config.Modules.
func New(uc application.Routes) *API { return &API{uc: uc} }

// Routes implements httpapi.Module.
func (a *API) Routes(r *httpapi.Routes) {
	a.routes = r
	r.POST("/hub-routes", a.createRoute, true)
	r.GET("/hub-routes", a.searchRoutes)
	r.GET("/hub-routes/:routeId", a.getRoute)
	r.PUT("/hub-routes/:routeId", a.replaceRoute)
	r.PATCH("/hub-routes/:routeId", a.patchRoute)
	r.DELETE("/hub-routes/:routeId", a.deleteRoute)
	r.POST("/hub-routes/:routeId/restore", a.restoreRoute, true)
}

func (a *API) createRoute(c echo.Context) error {
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeRouteInput(body)
	if err != nil {
		return err
	}
	cmd, err := in.create()
	if err != nil {
		return err
	}
	cmd.Actor = httpapi.Actor(c)
	created, err := a.uc.Create.Handle(c.Request().Context(), cmd)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, routesPath+"/"+created.ID.String())
	return writeRoute(c, http.StatusCreated, created)
}

func (a *API) getRoute(c echo.Context) error {
	id, err := routeIDParam(c)
	if err != nil {
		return err
	}
	v, err := a.uc.Get.Handle(c.Request().Context(), query.GetRoute{Actor: httpapi.Actor(c), RouteID: id})
	if err != nil {
		return err
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && httpapi.NoneMatch(inm, httpapi.ETag(v.Version)) {
		c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeRoute(c, http.StatusOK, v)
}

func (a *API) replaceRoute(c echo.Context) error {
	return a.change(c, false, httpapi.MediaJSON)
}

func (a *API) patchRoute(c echo.Context) error {
	return a.change(c, true, httpapi.MediaMergePatch, httpapi.MediaJSON)
}

// change is PUT (every figure required) and PATCH (a JSON Merge Patch of the figures).
func (a *API) change(c echo.Context, patch bool, media ...string) error {
	id, err := routeIDParam(c)
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, media...)
	if err != nil {
		return err
	}
	in, err := decodeRouteInput(body)
	if err != nil {
		return err
	}
	cmd, err := in.update(patch)
	if err != nil {
		return err
	}
	cmd.Actor, cmd.RouteID = httpapi.Actor(c), id
	cmd.IfVersion = httpapi.IfMatchVersion(c.Request().Header.Get("If-Match"))
	updated, err := a.uc.Update.Handle(c.Request().Context(), cmd)
	if err != nil {
		return err
	}
	return writeRoute(c, http.StatusOK, updated)
}

func (a *API) deleteRoute(c echo.Context) error {
	id, err := routeIDParam(c)
	if err != nil {
		return err
	}
	_, err = a.uc.Delete.Handle(c.Request().Context(), command.DeleteRoute{
		Actor: httpapi.Actor(c), RouteID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) restoreRoute(c echo.Context) error {
	id, err := routeIDParam(c)
	if err != nil {
		return err
	}
	restored, err := a.uc.Restore.Handle(c.Request().Context(), command.RestoreRoute{
		Actor: httpapi.Actor(c), RouteID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeRoute(c, http.StatusOK, restored)
}

func (a *API) searchRoutes(c echo.Context) error {
	q, pr, err := searchSpec.Parse(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	cond := route.SearchCondition{Deleted: pr.Deleted}
	if cond.DepartureHubID, err = httpapi.OptionalUUID(q, paramDepartureHubID); err != nil {
		return err
	}
	if cond.ArrivalHubID, err = httpapi.OptionalUUID(q, paramArrivalHubID); err != nil {
		return err
	}
	if cond.HubID, err = httpapi.OptionalUUID(q, paramHubID); err != nil {
		return err
	}
	actor := httpapi.Actor(c)
	return httpapi.Page(c, a.routes, searchSpec, pr, fingerprint(cond), func(p paging.Pageable) (paging.Page[query.RouteView], error) {
		return a.uc.Search.Handle(c.Request().Context(), query.SearchRoutes{Actor: actor, Condition: cond, Pageable: p})
	}, appendRouteJSON)
}

func writeRoute(c echo.Context, status int, v query.RouteView) error {
	c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
	return httpapi.WriteBody(c, status, func(b []byte) []byte { return appendRouteJSON(b, v) })
}

func routeIDParam(c echo.Context) (uuid.UUID, error) {
	id, ok := httpapi.ParseUUID(c.Param("routeId"))
	if !ok {
		return uuid.Nil, httpapi.BadParam("routeId", "must be a UUID")
	}
	return id, nil
}
