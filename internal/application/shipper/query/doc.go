// Package query holds the read model the shipper's queries return (ShipperView) with its public
// JSON (ShipperState), and the shippers' read rules (GetAccess, SearchScope) that readmodel's Get
// and Search keep over the shipper's views (readmodel.Views); the adapter scans rows straight
// into views.
package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// ShipperView is the read model of a shipper: flat, immutable values, nothing to call.
type ShipperView struct {
	ID    uuid.UUID
	HubID uuid.UUID
	Type  shipper.Type
	record.Fields
}

// ViewOf reads a shipper into its read model; the command side's results are shown through it.
func ViewOf(s *shipper.Shipper) ShipperView { return viewOfSnapshot(s.Snapshot()) }

func viewOfSnapshot(s shipper.Snapshot) ShipperView {
	return ShipperView{
		ID: s.ID, HubID: s.Details.HubID, Type: s.Details.Type, Fields: s.Fields,
	}
}

// CanRead says whether the actor reads shippers at all: MASTER, HUB_MANAGER and SERVER read
// every shipper, a SHIPPER only its own (see OnlyOwn); COMPANY and CUSTOMER none.
func CanRead(a access.Actor) bool {
	return a.Role == access.Master || a.Role == access.HubManager || a.Role == access.Server || a.Role == access.Shipper
}

// OnlyOwn says whether the actor sees no shipper but the one whose id is its own sub: a SHIPPER.
// Others' shippers do not exist for it (404), and its searches are narrowed to itself.
func OnlyOwn(a access.Actor) bool { return a.Role == access.Shipper }
