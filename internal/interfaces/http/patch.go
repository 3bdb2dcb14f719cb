package httpapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/command"
)

// decodePatch reads a JSON Merge Patch (RFC 7396) of a hub. Merge Patch needs "absent" and
// null told apart, which a struct cannot do, so members are read one by one.
func decodePatch(body []byte) (command.HubPatch, error) {
	var patch command.HubPatch
	var members map[string]json.RawMessage
	if err := decodeStrict(body, &members); err != nil {
		return patch, err
	}
	if members == nil {
		return patch, badBody("the body must be a JSON object")
	}
	for name, raw := range members {
		null := bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
		var err error
		switch name {
		case "hubName":
			if null {
				return patch, badBody("hubName cannot be removed", FieldError{Field: "hubName", Message: "is required"})
			}
			patch.Name = new(string)
			err = decodeStrict(raw, patch.Name)
		case "hubManagerId":
			patch.ManagerID.Set = true
			if !null {
				var id strictUUID
				err = decodeStrict(raw, &id)
				patch.ManagerID.Value = (*uuid.UUID)(&id)
			}
		case "address":
			if null {
				return patch, badBody("address cannot be removed", FieldError{Field: "address.address1", Message: "is required"})
			}
			patch.Address = &command.AddressPatch{}
			err = decodeAddressPatch(raw, patch.Address)
		case "location":
			patch.Location.Set = true
			if !null {
				var in locationInput
				if err = decodeStrict(raw, &in); err == nil {
					patch.Location.Value, err = in.location("location")
				}
			}
		default:
			return patch, badBody("unknown field "+name, FieldError{Field: name, Message: "is not a known field"})
		}
		if err != nil {
			return patch, prefixed(name, err)
		}
	}
	return patch, nil
}

// decodeAddressPatch merges address members; null empties an optional member.
func decodeAddressPatch(raw json.RawMessage, into *command.AddressPatch) error {
	var members map[string]json.RawMessage
	if err := decodeStrict(raw, &members); err != nil {
		return err
	}
	for name, v := range members {
		var dst **string
		switch name {
		case "zipCode":
			dst = &into.ZipCode
		case "address1":
			dst = &into.Address1
		case "address2":
			dst = &into.Address2
		default:
			return badBody("unknown field address."+name, FieldError{Field: "address." + name, Message: "is not a known field"})
		}
		*dst = new(string)
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			continue // "" : the domain refuses an empty address1
		}
		if err := decodeStrict(v, *dst); err != nil {
			return prefixed(name, err)
		}
	}
	return nil
}

// prefixed puts the member's name in front of field errors that decodeStrict found inside it.
func prefixed(member string, err error) error {
	p, ok := err.(*Problem)
	if !ok {
		return err
	}
	out := *p
	out.Errors = nil
	for _, f := range p.Errors {
		if f.Field != member && !hasPrefix(f.Field, member+".") {
			f.Field = member + "." + f.Field
		}
		out.Errors = append(out.Errors, f)
	}
	if len(out.Errors) == 0 {
		out.Detail = member + " has the wrong type or form"
		out.Errors = []FieldError{{Field: member, Message: "has the wrong type or form"}}
	}
	return &out
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
