package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/patch"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// UpdateShipper changes a shipper: PUT gives both HubID and Type, a merge patch either (nil: as
// it is). A body may repeat the shipper's id, but naming another one is refused (400).
type UpdateShipper struct {
	Actor     access.Actor
	ShipperID uuid.UUID
	IDInBody  *uuid.UUID
	HubID     *uuid.UUID
	Type      *shipper.Type
	// IfVersion, when not 0, must be the shipper's current version (If-Match).
	IfVersion int64
}

// UpdateShipperHandler changes shippers: MASTER, or a HUB_MANAGER who manages the shipper's hub
// and, for a move, the hub it moves to (access.Actor.CanChangeAt).
type UpdateShipperHandler Deps

// Handle applies the change to the shipper as it is when locked. Both hubs are read (and held)
// after the lock, so the permission is decided on the hub the shipper is at; the version is
// compared only after the permission (a caller who may not change it learns nothing of it).
func (h UpdateShipperHandler) Handle(ctx context.Context, c UpdateShipper) (query.ShipperView, error) {
	return Deps(h).change(ctx, c.Actor, c.ShipperID, func(ctx context.Context, s *shipper.Shipper) error {
		if s.IsDeleted() && !c.Actor.CanSeeDeleted() {
			return shipper.ErrNotFound
		}
		if err := s.CheckSameID(c.IDInBody); err != nil {
			return err
		}
		d := s.Details()
		patch.Set(&d.HubID, c.HubID)
		patch.Set(&d.Type, c.Type)
		current, err := Deps(h).Hubs.HoldLiveHub(ctx, s.HubID())
		if err != nil {
			return err
		}
		next := current
		if d.HubID != s.HubID() {
			if next, err = Deps(h).Hubs.HoldLiveHub(ctx, d.HubID); err != nil {
				return err
			}
		}
		if !c.Actor.CanChangeAt(current.Manager, next.Manager) {
			return access.ErrForbidden
		}
		if err := checkVersion(s, c.IfVersion); err != nil {
			return err
		}
		if d.HubID != s.HubID() && !next.Live && !s.IsDeleted() {
			return shipper.ErrHubNotFound
		}
		return s.Change(d, c.Actor.ID, Deps(h).Now())
	})
}
