package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// RestoreShipper brings a deleted shipper back, at the hub it had.
type RestoreShipper = access.Target

// RestoreShipperHandler restores shippers: MASTER, or the manager of the shipper's hub. A live
// shipper is shipper.ErrNotDeleted (409); a hub that is not live shipper.ErrHubNotFound (422),
// the hub held as for a registration.
type RestoreShipperHandler Deps

// Handle restores the shipper and returns its view as stored.
func (h RestoreShipperHandler) Handle(ctx context.Context, c RestoreShipper) (query.ShipperView, error) {
	return Deps(h).change(ctx, c.Actor, c.ID, func(ctx context.Context, s *shipper.Shipper) error {
		hold, err := Deps(h).Hubs.HoldLiveHub(ctx, s.HubID())
		if err != nil {
			return err
		}
		// A deleted hub has no manager here: only MASTER learns that it is the hub (422).
		if err := checkAt(c.Actor, hold, s, c.IfVersion); err != nil {
			return err
		}
		if !s.IsDeleted() {
			return shipper.ErrNotDeleted
		}
		if !hold.Live {
			return shipper.ErrHubNotFound
		}
		return s.Restore(c.Actor.ID, Deps(h).Now())
	})
}
