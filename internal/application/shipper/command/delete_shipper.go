package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// DeleteShipper soft-deletes a shipper.
type DeleteShipper = access.Target

// DeleteShipperHandler soft-deletes shippers: MASTER, or the manager of the shipper's hub.
// Deleting a deleted shipper is shipper.ErrNotFound (404), as for hubs and routes. The shipper
// leaves its hub's rotation when this commits.
type DeleteShipperHandler Deps

// Handle deletes the shipper and returns its view as stored.
func (h DeleteShipperHandler) Handle(ctx context.Context, c DeleteShipper) (query.ShipperView, error) {
	return Deps(h).change(ctx, c.Actor, c.ID, func(ctx context.Context, s *shipper.Shipper) error {
		if s.IsDeleted() {
			return shipper.ErrNotFound
		}
		hold, err := Deps(h).Hubs.PeekLiveHub(ctx, s.HubID())
		if err != nil {
			return err
		}
		if err := checkAt(c.Actor, hold, s, c.IfVersion); err != nil {
			return err
		}
		return s.Delete(c.Actor.ID, Deps(h).Now())
	})
}
