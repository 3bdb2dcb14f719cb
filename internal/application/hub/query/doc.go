// Package query holds the hub's own read use cases, one file each (the batch get, the nearest
// hubs), and the read model they return (HubView). Each declares the small read-model port it
// reads through next to itself (HubsNearer); the get and the search are readmodel's (Get,
// Search) over the hub's views (readmodel.Views). The adapter scans rows straight into views.
// The use cases decide who may see what, then ask the read model with plain values.
package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/record"
)

// HubView is the read model of a hub: flat, immutable values, nothing to call.
type HubView struct {
	ID        uuid.UUID
	Name      string
	ManagerID *uuid.UUID
	Address   hub.Address
	Location  *hub.Location
	record.Fields
}

// ViewOf reads a hub into its read model; the command side's results are shown through it too.
func ViewOf(h *hub.Hub) HubView { return viewOfSnapshot(h.Snapshot()) }

func viewOfSnapshot(s hub.Snapshot) HubView {
	return HubView{
		ID: s.ID, Name: s.Details.Name, ManagerID: s.Details.ManagerID, Address: s.Details.Address,
		Location: s.Details.Location, Fields: s.Fields,
	}
}

// checkReadModel refuses a nil read model.
func checkReadModel(views any) error { return readmodel.CheckReadModel("hub", views) }
