package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// CreateShipper registers a user as a shipper at a hub.
type CreateShipper struct {
	Actor     access.Actor
	ShipperID uuid.UUID
	Details   shipper.Details
}

// CreateShipperHandler registers shippers: MASTER, or a HUB_MANAGER at a hub it manages.
type CreateShipperHandler Deps

// Handle registers the shipper: access.ErrForbidden, a *shipper.ValidationError (400),
// shipper.ErrHubNotFound (422) when the hub is not live, shipper.ErrExists or ErrDeleted (409).
// The hub is read, and held, in the transaction that writes the shipper.
func (h CreateShipperHandler) Handle(ctx context.Context, c CreateShipper) (query.ShipperView, error) {
	if !canChangeSome(c.Actor) {
		return query.ShipperView{}, access.ErrForbidden
	}
	now := Deps(h).Now()
	// The body's own rules first, so a bad body is a 400 whatever the hub is.
	if _, err := shipper.New(c.ShipperID, c.Details, c.Actor.ID, now); err != nil {
		return query.ShipperView{}, err
	}
	return Deps(h).inTx(ctx, func(ctx context.Context) (*shipper.Shipper, error) {
		hold, err := Deps(h).Hubs.HoldLiveHub(ctx, c.Details.HubID)
		if err != nil {
			return nil, err
		}
		if !hold.Live {
			return nil, shipper.ErrHubNotFound
		}
		if !c.Actor.CanChangeAt(hold.Manager, hold.Manager) {
			return nil, access.ErrForbidden
		}
		s, err := shipper.New(c.ShipperID, c.Details, c.Actor.ID, now)
		if err != nil {
			return nil, err
		}
		return s, Deps(h).Shippers.Create(ctx, s)
	})
}
