package httpapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"
)

// The helpers of request bodies whose members are kept raw (json.RawMessage), so that absent
// (nil) and null are told apart, as a JSON Merge Patch needs, and each member is decoded strictly
// under its own name. Every aggregate's body is read the same way through them.

// DecodeObject decodes a body that must be one JSON object (not null) strictly (DecodeStrict).
func DecodeObject[T any](body []byte) (T, error) {
	var in *T
	var zero T
	if err := DecodeStrict(body, &in); err != nil {
		return zero, err
	}
	if in == nil {
		return zero, BadBody("the body must be a JSON object")
	}
	return *in, nil
}

// DecodeInto decodes a body as DecodeObject does, into an In, and makes the use case's Out of
// it (a command, the details) by to.
func DecodeInto[In, Out any](body []byte, to func(In) (Out, error)) (Out, error) {
	in, err := DecodeObject[In](body)
	if err != nil {
		var zero Out
		return zero, err
	}
	return to(in)
}

// IsNull reports whether a present member is JSON null.
func IsNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// AddressMembers is the contract's address member of a hub or a company body, each member raw.
type AddressMembers struct {
	ZipCode  json.RawMessage `json:"zipCode"`
	Address1 json.RawMessage `json:"address1"`
	Address2 json.RawMessage `json:"address2"`
}

// FieldErrors are a body's field errors, gathered so that a client learns every one at once.
type FieldErrors []FieldError

// Add notes that the member name is wrong: msg says how ("must be a UUID").
func (f *FieldErrors) Add(name, msg string) {
	*f = append(*f, FieldError{Field: name, Message: msg})
}

// Require notes an absent member as required.
func (f *FieldErrors) Require(name string, raw json.RawMessage) {
	if raw == nil {
		f.Add(name, "is required")
	}
}

// Err is the 400 of the gathered errors, detailed by the first; nil when there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return BadBody(f[0].Field+" "+f[0].Message, f...)
}

// UUID reads a UUID member: absent is nil; null, or anything but a canonical UUID string
// (ParseUUID), is an error.
func (f *FieldErrors) UUID(raw json.RawMessage, name string) *uuid.UUID {
	if raw == nil {
		return nil
	}
	var s string
	if IsNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.Add(name, "must be a UUID")
		return nil
	}
	id, ok := ParseUUID(s)
	if !ok {
		f.Add(name, "must be a UUID")
		return nil
	}
	return &id
}

// NullableUUID reads a UUID member that null may remove: set says whether it was present and
// good (null: a nil id, set); an absent or bad member is not set.
func (f *FieldErrors) NullableUUID(raw json.RawMessage, name string) (id *uuid.UUID, set bool) {
	if raw != nil && IsNull(raw) {
		return nil, true
	}
	id = f.UUID(raw, name)
	return id, id != nil
}
