package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/hub"
)

// AggregateHub is the aggregate type of hub events, in the events table and on the feed.
const AggregateHub = "hub"

// HubState is a hub's public JSON: what GET /hubs/{id} answers (the HTTP layer writes this
// type, or appends the same bytes by hand on its hot path) and the state its events carry. It is owned here, not by the table rows
// of the adapter, because the events table stores it as it goes out: the feed hands it on
// without decoding it, so a hub event is the same whichever release wrote it.
type HubState struct {
	HubID        uuid.UUID         `json:"hubId"`
	HubName      string            `json:"hubName"`
	HubManagerID *uuid.UUID        `json:"hubManagerId"`
	Address      HubStateAddress   `json:"address"`
	Location     *HubStateLocation `json:"location"`
	readmodel.Audit
}

// HubStateAddress is the address of a HubState.
type HubStateAddress struct {
	ZipCode  string `json:"zipCode"`
	Address1 string `json:"address1"`
	Address2 string `json:"address2"`
}

// HubStateLocation is the location of a HubState.
type HubStateLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// HubStateOf is the state an event of the hub in snapshot s carries.
func HubStateOf(s hub.Snapshot) HubState { return viewOfSnapshot(s).State() }

// State is the view's public JSON: what GET /hubs/{id} answers and what its events carry.
func (v HubView) State() HubState {
	st := HubState{
		HubID: v.ID, HubName: v.Name, HubManagerID: v.ManagerID,
		Address: HubStateAddress{ZipCode: v.Address.ZipCode, Address1: v.Address.Address1, Address2: v.Address.Address2},
		Audit:   readmodel.AuditOf(v.Fields),
	}
	if l := v.Location; l != nil {
		st.Location = &HubStateLocation{Latitude: l.Latitude, Longitude: l.Longitude}
	}
	return st
}
