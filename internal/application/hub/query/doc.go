// Package query holds the use cases that read hubs, one file each, and the read model they
// return (HubView). Each use case declares the small read-model port it reads through next to
// itself (HubViewReader, HubViewSearcher, HubsNearer); the adapter scans rows straight into
// views. They decide who may see what, then ask the read model with plain values.
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
