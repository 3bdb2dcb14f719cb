// Package query holds the read model the company's queries return (CompanyView) with its public
// JSON (CompanyState). The get and the search are readmodel's (Get, Search) over the company's
// views (readmodel.Views), which the adapter scans rows straight into.
package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/record"
)

// AggregateCompany is the aggregate type of company events, in the events table and on the feed.
const AggregateCompany = "company"

// CompanyView is the read model of a company: flat, immutable values, nothing to call.
type CompanyView struct {
	ID        uuid.UUID
	Name      string
	HubID     uuid.UUID
	ManagerID *uuid.UUID
	Address   company.Address
	record.Fields
}

// ViewOf reads a company into its read model; the command side's results are shown through it.
func ViewOf(c *company.Company) CompanyView { return ViewOfSnapshot(c.Snapshot()) }

// ViewOfSnapshot is the read model of a company's snapshot.
func ViewOfSnapshot(s company.Snapshot) CompanyView {
	return CompanyView{
		ID: s.ID, Name: s.Details.Name, HubID: s.Details.HubID, ManagerID: s.Details.ManagerID, Address: s.Details.Address,
		Fields: s.Fields,
	}
}

// Snapshot is the company a view shows, as the domain loads it.
func (v CompanyView) Snapshot() company.Snapshot {
	return company.Snapshot{
		ID: v.ID, Details: company.Details{Name: v.Name, HubID: v.HubID, ManagerID: v.ManagerID, Address: v.Address},
		Fields: v.Fields,
	}
}

// AddressState is the address member of a company's JSON.
type AddressState struct {
	ZipCode  string `json:"zipCode"`
	Address1 string `json:"address1"`
	Address2 string `json:"address2"`
}

// CompanyState is a company's public JSON: what GET /companies/{id} answers and the state its
// events carry in the outbox (under "company" on the feed).
type CompanyState struct {
	CompanyID        uuid.UUID    `json:"companyId"`
	CompanyName      string       `json:"companyName"`
	HubID            uuid.UUID    `json:"hubId"`
	CompanyManagerID *uuid.UUID   `json:"companyManagerId"`
	Address          AddressState `json:"address"`
	readmodel.Audit
}

// CompanyStateOf is the state an event of the company in snapshot s carries.
func CompanyStateOf(s company.Snapshot) CompanyState { return ViewOfSnapshot(s).State() }

// State is the view's public JSON.
func (v CompanyView) State() CompanyState {
	return CompanyState{
		CompanyID: v.ID, CompanyName: v.Name, HubID: v.HubID, CompanyManagerID: v.ManagerID,
		Address: AddressState{ZipCode: v.Address.ZipCode, Address1: v.Address.Address1, Address2: v.Address.Address2},
		Audit:   readmodel.AuditOf(v.Fields),
	}
}
