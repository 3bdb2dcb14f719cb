package companyapi

import (
	"encoding/json"

	"github.com/hubd/hubd/internal/application/access"
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

// text reads a string member (absent: nil); null is an error unless nullOK (then "").
func text(raw json.RawMessage, name string, nullOK bool, f *httpapi.FieldErrors) *string {
	if raw == nil {
		return nil
	}
	s := new(string)
	if httpapi.IsNull(raw) {
		if !nullOK {
			f.Add(name, "must be a string")
			return nil
		}
		return s
	}
	if json.Unmarshal(raw, s) != nil {
		f.Add(name, "must be a string")
		return nil
	}
	return s
}

// address reads the address member as a patch (absent members nil); null is refused.
func address(raw json.RawMessage, f *httpapi.FieldErrors) *command.AddressPatch {
	if raw == nil {
		return nil
	}
	if httpapi.IsNull(raw) {
		f.Add("address.address1", "is required")
		return nil
	}
	var in httpapi.AddressMembers
	if err := httpapi.DecodeNested(raw, "address", &in); err != nil {
		if p, ok := err.(*httpapi.InvalidField); ok {
			f.Add(p.Field, p.Message)
		} else {
			f.Add("address", "must be an object with the documented members")
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
	var f httpapi.FieldErrors
	var d company.Details
	d.Name = deref(text(in.CompanyName, "companyName", false, &f))
	if hub := f.UUID(in.HubID, "hubId"); hub != nil {
		d.HubID = *hub
	}
	d.ManagerID, _ = f.NullableUUID(in.CompanyManagerID, "companyManagerId")
	if a := address(in.Address, &f); a != nil {
		d.Address = company.Address{ZipCode: deref(a.ZipCode), Address1: deref(a.Address1), Address2: deref(a.Address2)}
	}
	return d, f.Err()
}

// create is the POST body as the caller's command.
func (in companyInput) create(actor access.Actor) (command.CreateCompany, error) {
	d, err := in.details()
	return command.CreateCompany{Actor: actor, Details: d}, err
}

// replace is the PUT body as the target's command.
func (in companyInput) replace(t httpapi.Target) (command.UpdateCompany, error) {
	d, err := in.details()
	return command.UpdateCompany{Actor: t.Actor, CompanyID: t.ID, Details: d, IfVersion: t.IfVersion}, err
}

// patch is the PATCH body as the target's command.
func (in companyInput) patch(t httpapi.Target) (command.PatchCompany, error) {
	p, err := in.mergePatch()
	return command.PatchCompany{Actor: t.Actor, CompanyID: t.ID, Patch: p, IfVersion: t.IfVersion}, err
}

// mergePatch is the body of PATCH, a JSON Merge Patch: companyName, hubId and address cannot be
// removed; companyManagerId null removes the manager.
func (in companyInput) mergePatch() (command.CompanyPatch, error) {
	var f httpapi.FieldErrors
	var p command.CompanyPatch
	if in.CompanyName != nil && httpapi.IsNull(in.CompanyName) {
		f.Add("companyName", "is required")
	} else {
		p.Name = text(in.CompanyName, "companyName", false, &f)
	}
	p.HubID = f.UUID(in.HubID, "hubId")
	p.ManagerID.Value, p.ManagerID.Set = f.NullableUUID(in.CompanyManagerID, "companyManagerId")
	p.Address = address(in.Address, &f)
	return p, f.Err()
}
