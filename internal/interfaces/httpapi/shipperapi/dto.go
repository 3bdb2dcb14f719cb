package shipperapi

import (
	"encoding/json"

	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// shipperInput is the body of POST, PUT and PATCH: every field a client may send. Members are
// kept raw so that absent and null are told apart (PATCH is a JSON Merge Patch) and each is
// decoded strictly under its own name.
type shipperInput struct {
	ShipperID   json.RawMessage `json:"shipperId"`
	HubID       json.RawMessage `json:"hubId"`
	ShipperType json.RawMessage `json:"shipperType"`
}

// assignmentInput is the body of POST /hubs/{hubId}/shipper-assignments.
type assignmentInput struct {
	ShipperType json.RawMessage `json:"shipperType"`
}

const typeRule = "must be SHIPPER_HUB or SHIPPER_CUSTOMER"

// shipperType reads shipperType: absent is nil, anything but one of the two names an error.
func shipperType(raw json.RawMessage, f *httpapi.FieldErrors) *shipper.Type {
	if raw == nil {
		return nil
	}
	var s string
	if httpapi.IsNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.Add("shipperType", typeRule)
		return nil
	}
	t, ok := shipper.ParseType(s)
	if !ok {
		f.Add("shipperType", typeRule)
		return nil
	}
	return &t
}

// create is the POST body as a command: every member required.
func (in shipperInput) create() (command.CreateShipper, error) {
	var f httpapi.FieldErrors
	var c command.CreateShipper
	sid, hid, t := f.UUID(in.ShipperID, "shipperId"), f.UUID(in.HubID, "hubId"), shipperType(in.ShipperType, &f)
	f.Require("shipperId", in.ShipperID)
	f.Require("hubId", in.HubID)
	f.Require("shipperType", in.ShipperType)
	if err := f.Err(); err != nil {
		return c, err
	}
	c.ShipperID, c.Details = *sid, shipper.Details{HubID: *hid, Type: *t}
	return c, nil
}

// update is the PUT body (hubId and shipperType required) or a merge patch (either) as a
// command. The shipper's id may be repeated; the command refuses another one.
func (in shipperInput) update(patch bool) (command.UpdateShipper, error) {
	var f httpapi.FieldErrors
	c := command.UpdateShipper{
		IDInBody: f.UUID(in.ShipperID, "shipperId"),
		HubID:    f.UUID(in.HubID, "hubId"),
		Type:     shipperType(in.ShipperType, &f),
	}
	if !patch {
		f.Require("hubId", in.HubID)
		f.Require("shipperType", in.ShipperType)
	}
	return c, f.Err()
}

// assignment is the rotation's body: shipperType required.
func (in assignmentInput) assignment() (shipper.Type, error) {
	var f httpapi.FieldErrors
	t := shipperType(in.ShipperType, &f)
	f.Require("shipperType", in.ShipperType)
	if err := f.Err(); err != nil {
		return "", err
	}
	return *t, nil
}
