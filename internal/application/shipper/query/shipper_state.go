package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
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
	readmodel.Audit
}

// ShipperStateOf is the state an event of the shipper in snapshot s carries.
func ShipperStateOf(s shipper.Snapshot) ShipperState { return viewOfSnapshot(s).State() }

// State is the view's public JSON.
func (v ShipperView) State() ShipperState {
	return ShipperState{
		ShipperID: v.ID, HubID: v.HubID, ShipperType: v.Type, Audit: readmodel.AuditOf(v.Fields),
	}
}
