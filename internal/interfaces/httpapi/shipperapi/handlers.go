package shipperapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/shipper/query"
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

// Routes implements httpapi.Module: each use case with how its query or command is made of the
// request (the body's, in dto.go). An assignment is not idempotent by nature (each is the next
// turn), so a retry with an Idempotency-Key replays the first answer rather than taking a turn.
func (a *API) Routes(r *httpapi.Routes) {
	shippers.Register(r, httpapi.Items[shipper.SearchCondition, query.ShipperView]{
		Create:  httpapi.CreateFrom(shipperInput.create, a.uc.Create.Handle),
		Search:  a.uc.Search.Handle,
		Get:     a.uc.Get.Handle,
		Replace: httpapi.ChangeFrom(shipperInput.replace, a.uc.Update.Handle),
		Patch:   httpapi.ChangeFrom(shipperInput.patch, a.uc.Update.Handle),
		Delete:  httpapi.DeleteBy(a.uc.Delete.Handle),
		Restore: a.uc.Restore.Handle,
	})
	r.POST("/hubs/:hubId/shipper-assignments", a.assignShipper, true)
}

// shippers is the HTTP of the shipper's endpoints.
var shippers = httpapi.Resource[shipper.SearchCondition, query.ShipperView]{
	Param: "shipperId", Path: shippersPath, Append: appendShipperJSON,
	Key:  func(v query.ShipperView) (uuid.UUID, int64) { return v.ID, v.Version },
	Spec: searchSpec, Condition: searchCondition, Fingerprint: fingerprint,
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
