package query

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
)

// AggregateHub is the aggregate type of hub events, in the events table and on the feed.
const AggregateHub = "hub"

// HubState is a hub's state as its events carry it: the public JSON of GET /hubs/{id}, field for
// field and in its order (a test holds the two equal). It is owned here, not by the table rows
// of the adapter, because the events table stores it as it goes out: the feed hands it on
// without decoding it, so a hub event is the same whichever release wrote it.
type HubState struct {
	HubID        uuid.UUID         `json:"hubId"`
	HubName      string            `json:"hubName"`
	HubManagerID *uuid.UUID        `json:"hubManagerId"`
	Address      HubStateAddress   `json:"address"`
	Location     *HubStateLocation `json:"location"`
	IsDeleted    bool              `json:"isDeleted"`
	Version      int64             `json:"version"`
	CreatedAt    time.Time         `json:"createdAt"`
	CreatedBy    uuid.UUID         `json:"createdBy"`
	UpdatedAt    time.Time         `json:"updatedAt"`
	UpdatedBy    uuid.UUID         `json:"updatedBy"`
	DeletedAt    *time.Time        `json:"deletedAt"`
	DeletedBy    *uuid.UUID        `json:"deletedBy"`
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
func HubStateOf(s hub.Snapshot) HubState {
	st := HubState{
		HubID: s.ID, HubName: s.Details.Name, HubManagerID: s.Details.ManagerID,
		Address: HubStateAddress{ZipCode: s.Details.Address.ZipCode, Address1: s.Details.Address.Address1,
			Address2: s.Details.Address.Address2},
		IsDeleted: s.Deleted, Version: s.Version,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
		DeletedAt: s.DeletedAt, DeletedBy: s.DeletedBy,
	}
	if l := s.Details.Location; l != nil {
		st.Location = &HubStateLocation{Latitude: l.Latitude, Longitude: l.Longitude}
	}
	return st
}
