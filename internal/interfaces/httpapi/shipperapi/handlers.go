package shipperapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const shippersPath = "/api/v1/shippers"

// API is the shipper's HTTP interface over the shipper's use cases.
type API struct {
	uc application.Shippers
}

// New is the shipper module for httpapi.Config.Modules.
func New(uc application.Shippers) *API { return &API{uc: uc} }

// Routes implements httpapi.Module. An assignment is not idempotent by nature (each is the next
// turn), so a retry with an Idempotency-Key replays the first answer rather than taking a turn.
func (a *API) Routes(r *httpapi.Routes) {
	shippers.Register(r, httpapi.Items[query.ShipperView]{
		Create:  a.createShipper,
		Get:     a.getShipper,
		Replace: a.change(false),
		Patch:   a.change(true),
		Delete:  a.deleteShipper,
		Restore: a.restoreShipper,
	})
	r.GET("/shippers", httpapi.Search[shipper.SearchCondition, query.ShipperView]{
		Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
		Run: func(ctx context.Context, actor access.Actor, cond shipper.SearchCondition, p paging.Pageable) (paging.Page[query.ShipperView], error) {
			return a.uc.Search.Handle(ctx, query.SearchShippers{Actor: actor, Condition: cond, Pageable: p})
		},
	}.Handler(r, appendShipperJSON))
	r.POST("/hubs/:hubId/shipper-assignments", a.assignShipper, true)
}

// shippers is the HTTP of a shipper's item endpoints; the methods below are the shipper's part.
var shippers = httpapi.Resource[query.ShipperView]{
	Param: "shipperId", Path: shippersPath, Append: appendShipperJSON,
	Key: func(v query.ShipperView) (uuid.UUID, int64) { return v.ID, v.Version },
}

func (a *API) createShipper(ctx context.Context, actor access.Actor, body []byte) (query.ShipperView, error) {
	cmd, err := httpapi.DecodeInto(body, shipperInput.create)
	if err != nil {
		return query.ShipperView{}, err
	}
	cmd.Actor = actor
	return a.uc.Create.Handle(ctx, cmd)
}

func (a *API) getShipper(ctx context.Context, actor access.Actor, id uuid.UUID) (query.ShipperView, error) {
	return a.uc.Get.Handle(ctx, query.GetShipper{Actor: actor, ShipperID: id})
}

// change is PUT (hubId and shipperType required) and PATCH (a JSON Merge Patch of them).
func (a *API) change(patch bool) func(context.Context, httpapi.Target, []byte) (query.ShipperView, error) {
	return func(ctx context.Context, t httpapi.Target, body []byte) (query.ShipperView, error) {
		cmd, err := httpapi.DecodeInto(body, func(in shipperInput) (command.UpdateShipper, error) { return in.update(patch) })
		if err != nil {
			return query.ShipperView{}, err
		}
		cmd.Actor, cmd.ShipperID, cmd.IfVersion = t.Actor, t.ID, t.IfVersion
		return a.uc.Update.Handle(ctx, cmd)
	}
}

func (a *API) deleteShipper(ctx context.Context, t httpapi.Target) error {
	_, err := a.uc.Delete.Handle(ctx, command.DeleteShipper{Actor: t.Actor, ShipperID: t.ID, IfVersion: t.IfVersion})
	return err
}

func (a *API) restoreShipper(ctx context.Context, t httpapi.Target) (query.ShipperView, error) {
	return a.uc.Restore.Handle(ctx, command.RestoreShipper{Actor: t.Actor, ShipperID: t.ID, IfVersion: t.IfVersion})
}

func (a *API) assignShipper(c echo.Context) error {
	hubID, err := httpapi.UUIDParam(c, "hubId")
	if err != nil {
		return err
	}
	body, err := httpapi.ReadJSONBody(c, httpapi.MediaJSON)
	if err != nil {
		return err
	}
	in, err := httpapi.DecodeObject[assignmentInput](body)
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
