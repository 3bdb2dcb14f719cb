package shipperapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const shippersPath = "/api/v1/shippers"

// API is the shipper's HTTP interface over the shipper's use cases.
type API struct {
	uc     application.Shippers
	routes *httpapi.Routes
}

// New is the shipper module for httpapi.Config.Modules.
func New(uc application.Shippers) *API { return &API{uc: uc} }

// Routes implements httpapi.Module. An assignment is not idempotent by nature (each is the next
// turn), so a retry with an Idempotency-Key replays the first answer rather than taking a turn.
func (a *API) Routes(r *httpapi.Routes) {
	a.routes = r
	r.POST("/shippers", a.createShipper, true)
	r.GET("/shippers", a.searchShippers)
	r.GET("/shippers/:shipperId", a.getShipper)
	r.PUT("/shippers/:shipperId", a.replaceShipper)
	r.PATCH("/shippers/:shipperId", a.patchShipper)
	r.DELETE("/shippers/:shipperId", a.deleteShipper)
	r.POST("/shippers/:shipperId/restore", a.restoreShipper, true)
	r.POST("/hubs/:hubId/shipper-assignments", a.assignShipper, true)
}

func (a *API) createShipper(c echo.Context) error {
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeObject[shipperInput](body)
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
	c.Response().Header().Set(echo.HeaderLocation, shippersPath+"/"+created.ID.String())
	return writeShipper(c, http.StatusCreated, created)
}

func (a *API) getShipper(c echo.Context) error {
	id, err := shipperIDParam(c)
	if err != nil {
		return err
	}
	v, err := a.uc.Get.Handle(c.Request().Context(), query.GetShipper{Actor: httpapi.Actor(c), ShipperID: id})
	if err != nil {
		return err
	}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && httpapi.NoneMatch(inm, httpapi.ETag(v.Version)) {
		c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeShipper(c, http.StatusOK, v)
}

func (a *API) replaceShipper(c echo.Context) error {
	return a.change(c, false, httpapi.MediaJSON)
}

func (a *API) patchShipper(c echo.Context) error {
	return a.change(c, true, httpapi.MediaMergePatch, httpapi.MediaJSON)
}

// change is PUT (hubId and shipperType required) and PATCH (a JSON Merge Patch of them).
func (a *API) change(c echo.Context, patch bool, media ...string) error {
	id, err := shipperIDParam(c)
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, media...)
	if err != nil {
		return err
	}
	in, err := decodeObject[shipperInput](body)
	if err != nil {
		return err
	}
	cmd, err := in.update(patch)
	if err != nil {
		return err
	}
	cmd.Actor, cmd.ShipperID = httpapi.Actor(c), id
	cmd.IfVersion = httpapi.IfMatchVersion(c.Request().Header.Get("If-Match"))
	updated, err := a.uc.Update.Handle(c.Request().Context(), cmd)
	if err != nil {
		return err
	}
	return writeShipper(c, http.StatusOK, updated)
}

func (a *API) deleteShipper(c echo.Context) error {
	id, err := shipperIDParam(c)
	if err != nil {
		return err
	}
	_, err = a.uc.Delete.Handle(c.Request().Context(), command.DeleteShipper{
		Actor: httpapi.Actor(c), ShipperID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) restoreShipper(c echo.Context) error {
	id, err := shipperIDParam(c)
	if err != nil {
		return err
	}
	restored, err := a.uc.Restore.Handle(c.Request().Context(), command.RestoreShipper{
		Actor: httpapi.Actor(c), ShipperID: id, IfVersion: httpapi.IfMatchVersion(c.Request().Header.Get("If-Match")),
	})
	if err != nil {
		return err
	}
	return writeShipper(c, http.StatusOK, restored)
}

func (a *API) searchShippers(c echo.Context) error {
	q, pr, err := searchSpec.Parse(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	cond, err := searchCondition(q, pr.Deleted)
	if err != nil {
		return err
	}
	actor := httpapi.Actor(c)
	return httpapi.Page(c, a.routes, searchSpec, pr, fingerprint(cond), func(p paging.Pageable) (paging.Page[query.ShipperView], error) {
		return a.uc.Search.Handle(c.Request().Context(), query.SearchShippers{Actor: actor, Condition: cond, Pageable: p})
	}, appendShipperJSON)
}

func (a *API) assignShipper(c echo.Context) error {
	hubID, ok := httpapi.ParseUUID(c.Param("hubId"))
	if !ok {
		return httpapi.BadParam("hubId", "must be a UUID")
	}
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := decodeObject[assignmentInput](body)
	if err != nil {
		return err
	}
	t, err := in.assignment()
	if err != nil {
		return err
	}
	got, err := a.uc.Assign.Handle(c.Request().Context(), command.AssignShipper{Actor: httpapi.Actor(c), HubID: hubID, Type: t})
	if err != nil {
		return err
	}
	return httpapi.WriteBody(c, http.StatusOK, func(b []byte) []byte { return appendAssignmentJSON(b, got) })
}

func writeShipper(c echo.Context, status int, v query.ShipperView) error {
	c.Response().Header().Set("ETag", httpapi.ETag(v.Version))
	return httpapi.WriteBody(c, status, func(b []byte) []byte { return appendShipperJSON(b, v) })
}

func shipperIDParam(c echo.Context) (uuid.UUID, error) {
	id, ok := httpapi.ParseUUID(c.Param("shipperId"))
	if !ok {
		return uuid.Nil, httpapi.BadParam("shipperId", "must be a UUID")
	}
	return id, nil
}
