package shipperapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

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

func decodeObject[T any](body []byte) (T, error) {
	var in *T
	var zero T
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return zero, err
	}
	if in == nil {
		return zero, httpapi.BadBody("the body must be a JSON object")
	}
	return *in, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// field errors of the body, gathered so a client learns every one at once.
type fields []httpapi.FieldError

func (f *fields) add(name, msg string) {
	*f = append(*f, httpapi.FieldError{Field: name, Message: msg})
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return httpapi.BadBody(f[0].Field+" "+f[0].Message, f...)
}

// id reads a UUID member: absent is nil, anything but a canonical UUID string an error.
func id(raw json.RawMessage, name string, f *fields) *uuid.UUID {
	if raw == nil {
		return nil
	}
	var s string
	if isNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.add(name, "must be a UUID")
		return nil
	}
	v, ok := httpapi.ParseUUID(s)
	if !ok {
		f.add(name, "must be a UUID")
		return nil
	}
	return &v
}

const typeRule = "must be SHIPPER_HUB or SHIPPER_CUSTOMER"

// shipperType reads shipperType: absent is nil, anything but one of the two names an error.
func shipperType(raw json.RawMessage, f *fields) *shipper.Type {
	if raw == nil {
		return nil
	}
	var s string
	if isNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.add("shipperType", typeRule)
		return nil
	}
	t, ok := shipper.ParseType(s)
	if !ok {
		f.add("shipperType", typeRule)
		return nil
	}
	return &t
}

func required(f *fields, name string, raw json.RawMessage) {
	if raw == nil {
		f.add(name, "is required")
	}
}

// create is the POST body as a command: every member required.
func (in shipperInput) create() (command.CreateShipper, error) {
	var f fields
	var c command.CreateShipper
	sid, hid, t := id(in.ShipperID, "shipperId", &f), id(in.HubID, "hubId", &f), shipperType(in.ShipperType, &f)
	required(&f, "shipperId", in.ShipperID)
	required(&f, "hubId", in.HubID)
	required(&f, "shipperType", in.ShipperType)
	if err := f.err(); err != nil {
		return c, err
	}
	c.ShipperID, c.Details = *sid, shipper.Details{HubID: *hid, Type: *t}
	return c, nil
}

// update is the PUT body (hubId and shipperType required) or a merge patch (either) as a
// command. The shipper's id may be repeated; the command refuses another one.
func (in shipperInput) update(patch bool) (command.UpdateShipper, error) {
	var f fields
	c := command.UpdateShipper{
		IDInBody: id(in.ShipperID, "shipperId", &f),
		HubID:    id(in.HubID, "hubId", &f),
		Type:     shipperType(in.ShipperType, &f),
	}
	if !patch {
		required(&f, "hubId", in.HubID)
		required(&f, "shipperType", in.ShipperType)
	}
	return c, f.err()
}

// assignment is the rotation's body: shipperType required.
func (in assignmentInput) assignment() (shipper.Type, error) {
	var f fields
	t := shipperType(in.ShipperType, &f)
	required(&f, "shipperType", in.ShipperType)
	if err := f.err(); err != nil {
		return "", err
	}
	return *t, nil
}
