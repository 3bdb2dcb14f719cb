package httpapi

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// hubJSON is the contract's hub: the application's public JSON of a hub, the same type its
// events carry.
type hubJSON = query.HubState

func hubJSONOf(v query.HubView) hubJSON { return v.State() }

// pageJSON is the contract's page: content plus page metadata.
type pageJSON struct {
	Content []hubJSON    `json:"content"`
	Page    pageMetaJSON `json:"page"`
}

// pageMetaJSON says what is known: number only for numbered pages, totals only when counted
// (totalIsEstimate when they are the planner's estimate), nextCursor when a page follows.
type pageMetaJSON struct {
	Size            int    `json:"size"`
	Number          *int   `json:"number,omitempty"`
	TotalElements   *int64 `json:"totalElements,omitempty"`
	TotalPages      *int   `json:"totalPages,omitempty"`
	TotalIsEstimate bool   `json:"totalIsEstimate,omitempty"`
	HasNext         bool   `json:"hasNext"`
	NextCursor      string `json:"nextCursor,omitempty"`
}

func pageJSONOf(p paging.Page[query.HubView], nextCursor string) pageJSON {
	content := make([]hubJSON, len(p.Content))
	for i, v := range p.Content {
		content[i] = hubJSONOf(v)
	}
	meta := pageMetaJSON{Size: p.Size, HasNext: p.HasNext, NextCursor: nextCursor}
	if !p.Keyset {
		meta.Number = &p.Number
	}
	if p.Total != paging.TotalUnknown {
		total, pages := p.TotalElements, p.TotalPages()
		meta.TotalElements, meta.TotalPages = &total, &pages
		meta.TotalIsEstimate = p.Total == paging.TotalEstimate
	}
	return pageJSON{Content: content, Page: meta}
}

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
	var missing []FieldError
	if l.Latitude == nil {
		missing = append(missing, FieldError{Field: field + ".latitude", Message: "is required"})
	}
	if l.Longitude == nil {
		missing = append(missing, FieldError{Field: field + ".longitude", Message: "is required"})
	}
	if missing != nil {
		return nil, badBody("a location needs both latitude and longitude", missing...)
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
	return decodeNested(b, "address", (*plain)(a))
}

// UnmarshalJSON decodes strictly and names bad members with their path ("location.x").
func (l *locationInput) UnmarshalJSON(b []byte) error {
	type plain locationInput
	return decodeNested(b, "location", (*plain)(l))
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

// strictUUID accepts only the canonical 36-character form; uuid.Parse would also take URNs,
// braces and bare hex, which the contract does not promise.
type strictUUID uuid.UUID

func (u *strictUUID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &fieldError{field: "hubManagerId", message: "must be a UUID string"}
	}
	id, ok := parseUUID(s)
	if !ok {
		return &fieldError{field: "hubManagerId", message: "must be a UUID"}
	}
	*u = strictUUID(id)
	return nil
}

func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}
