package companyapi

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// companyInput is the body of POST, PUT and PATCH. Members are kept raw so that absent and null
// are told apart (PATCH is a JSON Merge Patch) and each is decoded strictly under its own name.
type companyInput struct {
	CompanyName      json.RawMessage `json:"companyName"`
	HubID            json.RawMessage `json:"hubId"`
	CompanyManagerID json.RawMessage `json:"companyManagerId"`
	Address          json.RawMessage `json:"address"`
}

// addressInput is the address member, each member raw as in companyInput.
type addressInput struct {
	ZipCode  json.RawMessage `json:"zipCode"`
	Address1 json.RawMessage `json:"address1"`
	Address2 json.RawMessage `json:"address2"`
}

func decodeInput(body []byte) (companyInput, error) {
	var in *companyInput
	if err := httpapi.DecodeStrict(body, &in); err != nil {
		return companyInput{}, err
	}
	if in == nil {
		return companyInput{}, httpapi.BadBody("the body must be a JSON object")
	}
	return *in, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// fields are the body's field errors, gathered so a client learns every one at once.
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

// text reads a string member (absent: nil); null is an error unless nullOK (then "").
func text(raw json.RawMessage, name string, nullOK bool, f *fields) *string {
	if raw == nil {
		return nil
	}
	s := new(string)
	if isNull(raw) {
		if !nullOK {
			f.add(name, "must be a string")
			return nil
		}
		return s
	}
	if json.Unmarshal(raw, s) != nil {
		f.add(name, "must be a string")
		return nil
	}
	return s
}

// id reads a UUID member: absent is (nil, false); null is (nil, true) when nullOK.
func id(raw json.RawMessage, name string, nullOK bool, f *fields) (*uuid.UUID, bool) {
	if raw == nil {
		return nil, false
	}
	if isNull(raw) && nullOK {
		return nil, true
	}
	var s string
	if isNull(raw) || json.Unmarshal(raw, &s) != nil {
		f.add(name, "must be a UUID")
		return nil, false
	}
	v, ok := httpapi.ParseUUID(s)
	if !ok {
		f.add(name, "must be a UUID")
		return nil, false
	}
	return &v, true
}

// address reads the address member as a patch (absent members nil); null is refused.
func address(raw json.RawMessage, f *fields) *command.AddressPatch {
	if raw == nil {
		return nil
	}
	if isNull(raw) {
		f.add("address.address1", "is required")
		return nil
	}
	var in addressInput
	if err := httpapi.DecodeNested(raw, "address", &in); err != nil {
		if p, ok := err.(*httpapi.InvalidField); ok {
			f.add(p.Field, p.Message)
		} else {
			f.add("address", "must be an object with the documented members")
		}
		return nil
	}
	return &command.AddressPatch{
		ZipCode:  text(in.ZipCode, "address.zipCode", true, f),
		Address1: text(in.Address1, "address.address1", true, f),
		Address2: text(in.Address2, "address.address2", true, f),
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// details is the POST or PUT body: absent members are empty (the domain names the required ones).
func (in companyInput) details() (company.Details, error) {
	var f fields
	var d company.Details
	d.Name = deref(text(in.CompanyName, "companyName", false, &f))
	if hub, _ := id(in.HubID, "hubId", false, &f); hub != nil {
		d.HubID = *hub
	}
	d.ManagerID, _ = id(in.CompanyManagerID, "companyManagerId", true, &f)
	if a := address(in.Address, &f); a != nil {
		d.Address = company.Address{ZipCode: deref(a.ZipCode), Address1: deref(a.Address1), Address2: deref(a.Address2)}
	}
	return d, f.err()
}

// patch is the body of PATCH, a JSON Merge Patch: companyName, hubId and address cannot be
// removed; companyManagerId null removes the manager.
func (in companyInput) patch() (command.CompanyPatch, error) {
	var f fields
	var p command.CompanyPatch
	if in.CompanyName != nil && isNull(in.CompanyName) {
		f.add("companyName", "is required")
	} else {
		p.Name = text(in.CompanyName, "companyName", false, &f)
	}
	p.HubID, _ = id(in.HubID, "hubId", false, &f)
	p.ManagerID.Value, p.ManagerID.Set = id(in.CompanyManagerID, "companyManagerId", true, &f)
	p.Address = address(in.Address, &f)
	return p, f.err()
}
