package query

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/shipper"
)

// AggregateShipper is the aggregate type of shipper events, in the events table and on the feed.
const AggregateShipper = "shipper"

// ShipperState is a shipper's public JSON: what GET /shippers/{shipperId} answers and the state
// its events carry in the outbox (under "shipper" on the feed).
type ShipperState struct {
	ShipperID   uuid.UUID    `json:"shipperId"`
	HubID       uuid.UUID    `json:"hubId"`
	ShipperType shipper.Type `json:"shipperType"`
	IsDeleted   bool         `json:"isDeleted"`
	Version     int64        `json:"version"`
	CreatedAt   time.Time    `json:"createdAt"`
	CreatedBy   uuid.UUID    `json:"createdBy"`
	UpdatedAt   time.Time    `json:"updatedAt"`
	UpdatedBy   uuid.UUID    `json:"updatedBy"`
	DeletedAt   *time.Time   `json:"deletedAt"`
	DeletedBy   *uuid.UUID   `json:"deletedBy"`
}

// ShipperStateOf is the state an event of the shipper in snapshot s carries.
func ShipperStateOf(s shipper.Snapshot) ShipperState { return viewOfSnapshot(s).State() }

// State is the view's public JSON.
func (v ShipperView) State() ShipperState {
	return ShipperState{
		ShipperID: v.ID, HubID: v.HubID, ShipperType: v.Type, IsDeleted: v.Deleted, Version: v.Version,
		CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy, UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy,
		DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy,
	}
}
