package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// GetShipper asks for one shipper by id.
type GetShipper = readmodel.One

// ShipperViewReader is GetShipper's read model.
type ShipperViewReader interface {
	// ShipperView returns the shipper's view; a deleted shipper only when withDeleted is set,
	// else (and when there is no such shipper) shipper.ErrNotFound.
	ShipperView(ctx context.Context, id uuid.UUID, withDeleted bool) (ShipperView, error)
}

// GetShipperHandler reads one shipper: MASTER, HUB_MANAGER and SERVER any, a SHIPPER its own
// (another is shipper.ErrNotFound, 404), COMPANY and CUSTOMER none (403); a deleted shipper only
// MASTER, to the others it is shipper.ErrNotFound.
type GetShipperHandler = readmodel.Get[ShipperViewReader, ShipperView]

// NewGetShipperHandler refuses a nil read model.
func NewGetShipperHandler(views ShipperViewReader) (GetShipperHandler, error) {
	return readmodel.NewGet("shipper", views, ShipperViewReader.ShipperView, getAccess)
}

// getAccess is the shippers' read rule for one shipper.
func getAccess(a access.Actor, id uuid.UUID) error {
	if !CanRead(a) {
		return access.ErrForbidden
	}
	if OnlyOwn(a) && id != a.ID {
		return shipper.ErrNotFound
	}
	return nil
}
