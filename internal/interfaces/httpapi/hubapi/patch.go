package hubapi

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// hubPatchInput is a JSON Merge Patch (RFC 7396) of a hub. Merge Patch needs "absent" and null
// told apart, so each member is kept raw: nil when absent, "null" when null. Being a struct, it
// goes through httpapi.DecodeStrict's key checks like the bodies of POST and PUT.
type hubPatchInput struct {
	HubName      json.RawMessage `json:"hubName"`
	HubManagerID json.RawMessage `json:"hubManagerId"`
	Address      json.RawMessage `json:"address"`
	Location     json.RawMessage `json:"location"`
}

// decodePatch reads a JSON Merge Patch of a hub, member by member.
func decodePatch(body []byte) (command.HubPatch, error) {
	var patch command.HubPatch
	in, err := httpapi.DecodeObject[hubPatchInput](body)
	if err != nil {
		return patch, err
	}
	if raw := in.HubName; raw != nil {
		if httpapi.IsNull(raw) {
			return patch, httpapi.BadBody("hubName cannot be removed", httpapi.FieldError{Field: "hubName", Message: "is required"})
		}
		patch.Name = new(string)
		if err := httpapi.DecodeStrict(raw, patch.Name); err != nil {
			return patch, prefixed("hubName", err)
		}
	}
	if raw := in.HubManagerID; raw != nil {
		patch.ManagerID.Set = true
		if !httpapi.IsNull(raw) {
			var id strictUUID
			if err := httpapi.DecodeStrict(raw, &id); err != nil {
				return patch, prefixed("hubManagerId", err)
			}
			patch.ManagerID.Value = (*uuid.UUID)(&id)
		}
	}
	if raw := in.Address; raw != nil {
		if httpapi.IsNull(raw) {
			return patch, httpapi.BadBody("address cannot be removed", httpapi.FieldError{Field: "address.address1", Message: "is required"})
		}
		patch.Address = &command.AddressPatch{}
		if err := decodeAddressPatch(raw, patch.Address); err != nil {
			return patch, prefixed("address", err)
		}
	}
	if raw := in.Location; raw != nil {
		patch.Location.Set = true
		if !httpapi.IsNull(raw) {
			var loc locationInput
			err := httpapi.DecodeStrict(raw, &loc)
			if err == nil {
				patch.Location.Value, err = loc.location("location")
			}
			if err != nil {
				return patch, prefixed("location", err)
			}
		}
	}
	return patch, nil
}

// decodeAddressPatch merges address members; null empties an optional member.
func decodeAddressPatch(raw json.RawMessage, into *command.AddressPatch) error {
	var in httpapi.AddressMembers
	if err := httpapi.DecodeStrict(raw, &in); err != nil {
		return err
	}
	for _, m := range []struct {
		name string
		raw  json.RawMessage
		dst  **string
	}{{"zipCode", in.ZipCode, &into.ZipCode}, {"address1", in.Address1, &into.Address1}, {"address2", in.Address2, &into.Address2}} {
		if m.raw == nil {
			continue
		}
		*m.dst = new(string)
		if httpapi.IsNull(m.raw) {
			continue // "" : the domain refuses an empty address1
		}
		if err := httpapi.DecodeStrict(m.raw, *m.dst); err != nil {
			return prefixed(m.name, err)
		}
	}
	return nil
}

// prefixed puts the member's name in front of field errors that decodeStrict found inside it.
func prefixed(member string, err error) error {
	p, ok := err.(*httpapi.Problem)
	if !ok {
		return err
	}
	out := *p
	out.Errors = nil
	for _, f := range p.Errors {
		if f.Field != member && !strings.HasPrefix(f.Field, member+".") {
			if len(p.Errors) == 1 && strings.HasPrefix(p.Detail, f.Field+" ") {
				out.Detail = member + "." + p.Detail // "address1 is …" → "address.address1 is …"
			}
			f.Field = member + "." + f.Field
		}
		out.Errors = append(out.Errors, f)
	}
	if len(out.Errors) == 0 {
		out.Detail = member + " has the wrong type or form"
		out.Errors = []httpapi.FieldError{{Field: member, Message: "has the wrong type or form"}}
	}
	return &out
}
