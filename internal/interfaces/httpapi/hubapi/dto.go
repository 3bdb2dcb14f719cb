package hubapi

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// hubJSON is the contract's hub: the application's public JSON of a hub, the same type its
// events carry.
type hubJSON = query.HubState

func hubJSONOf(v query.HubView) hubJSON { return v.State() }

// hubInput is the body of POST and PUT: every user-chosen field, absent meaning empty.
type hubInput struct {
	HubName      *string        `json:"hubName"`
	HubManagerID *strictUUID    `json:"hubManagerId"`
	Address      *addressInput  `json:"address"`
	Location     *locationInput `json:"location"`
}

// locationInput has pointers so that a missing coordinate is an error, not a zero.
type locationInput struct {
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
}

// location checks both-or-neither; the range is the domain's to check.
func (l *locationInput) location(field string) (*hub.Location, error) {
	if l == nil {
		return nil, nil
	}
	var missing []httpapi.FieldError
	if l.Latitude == nil {
		missing = append(missing, httpapi.FieldError{Field: field + ".latitude", Message: "is required"})
	}
	if l.Longitude == nil {
		missing = append(missing, httpapi.FieldError{Field: field + ".longitude", Message: "is required"})
	}
	if missing != nil {
		return nil, httpapi.BadBody("a location needs both latitude and longitude", missing...)
	}
	return &hub.Location{Latitude: *l.Latitude, Longitude: *l.Longitude}, nil
}

type addressInput struct {
	ZipCode  *string `json:"zipCode"`
	Address1 *string `json:"address1"`
	Address2 *string `json:"address2"`
}

// UnmarshalJSON decodes strictly and names bad members with their path ("address.city").
func (a *addressInput) UnmarshalJSON(b []byte) error {
	type plain addressInput
	return httpapi.DecodeNested(b, "address", (*plain)(a))
}

// UnmarshalJSON decodes strictly and names bad members with their path ("location.x").
func (l *locationInput) UnmarshalJSON(b []byte) error {
	type plain locationInput
	return httpapi.DecodeNested(b, "location", (*plain)(l))
}

func (in hubInput) details() (hub.Details, error) {
	var d hub.Details
	if in.HubName != nil {
		d.Name = *in.HubName
	}
	if in.HubManagerID != nil {
		id := uuid.UUID(*in.HubManagerID)
		d.ManagerID = &id
	}
	if a := in.Address; a != nil {
		d.Address = hub.Address{ZipCode: deref(a.ZipCode), Address1: deref(a.Address1), Address2: deref(a.Address2)}
	}
	loc, err := in.Location.location("location")
	d.Location = loc
	return d, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// strictUUID is hubManagerId in a body: only the canonical form (httpapi.ParseUUID).
type strictUUID uuid.UUID

// UnmarshalJSON refuses anything but a canonical UUID string, naming hubManagerId.
func (u *strictUUID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &httpapi.InvalidField{Field: "hubManagerId", Message: "must be a UUID string"}
	}
	id, ok := httpapi.ParseUUID(s)
	if !ok {
		return &httpapi.InvalidField{Field: "hubManagerId", Message: "must be a UUID"}
	}
	*u = strictUUID(id)
	return nil
}
