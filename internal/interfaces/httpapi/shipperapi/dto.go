package shipperapi

import (
	"encoding/json"

	"github.com/hubd/hubd/internal/application/access"
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

// create is the POST body as the caller's command: every member required.
func (in shipperInput) create(actor access.Actor) (command.CreateShipper, error) {
	var f httpapi.FieldErrors
	c := command.CreateShipper{Actor: actor}
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

// replace is the PUT body as the target's command: hubId and shipperType required.
func (in shipperInput) replace(t httpapi.Target) (command.UpdateShipper, error) {
	return in.update(t, false)
}

// patch is a JSON Merge Patch of hubId and shipperType (either) as the target's command.
func (in shipperInput) patch(t httpapi.Target) (command.UpdateShipper, error) {
	return in.update(t, true)
}

// update is the PUT body or a merge patch as the target's command. The shipper's id may be
// repeated; the command refuses another one.
func (in shipperInput) update(t httpapi.Target, patch bool) (command.UpdateShipper, error) {
	var f httpapi.FieldErrors
	c := command.UpdateShipper{
		Actor: t.Actor, ShipperID: t.ID, IfVersion: t.IfVersion,
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
