package command

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// AssignShipper asks the hub's rotation for its next shipper of a type.
type AssignShipper struct {
	Actor access.Actor
	HubID uuid.UUID
	Type  shipper.Type
}

// AssignmentView is the rotation's answer: the shipper handed out, and when.
type AssignmentView struct {
	Shipper    query.ShipperView
	AssignedAt time.Time
}

// AssignShipperHandler hands out a hub's shippers in turn (shipper.Rotation): MASTER, SERVER and
// the hub's manager. An unknown or deleted hub is hub.ErrNotFound (404 HUB_NOT_FOUND: the hub is
// the resource of the path); a hub without a live shipper of the type shipper.ErrNoShipper.
type AssignShipperHandler Deps

// Handle advances the rotation by one turn. No lock is held across calls: the turn is one
// atomic statement of the adapter.
func (h AssignShipperHandler) Handle(ctx context.Context, c AssignShipper) (AssignmentView, error) {
	if c.Actor.Role != access.Master && c.Actor.Role != access.Server && c.Actor.Role != access.HubManager {
		return AssignmentView{}, access.ErrForbidden
	}
	if !c.Type.Valid() {
		var v kernel.Validator
		v.Add("shipperType", "must be SHIPPER_HUB or SHIPPER_CUSTOMER")
		return AssignmentView{}, v.Err(shipper.ErrInvalid)
	}
	hold, err := Deps(h).Hubs.PeekLiveHub(ctx, c.HubID)
	if err != nil {
		return AssignmentView{}, err
	}
	if !hold.Live {
		return AssignmentView{}, hub.ErrNotFound
	}
	if c.Actor.Role == access.HubManager && !c.Actor.Manages(hold.Manager) {
		return AssignmentView{}, access.ErrForbidden
	}
	a, err := Deps(h).Rotation.Next(ctx, c.HubID, c.Type)
	if err != nil {
		return AssignmentView{}, err
	}
	// The application's clock, as every audit time: the assignment's time is the use case's.
	return AssignmentView{Shipper: query.ViewOf(a.Shipper), AssignedAt: Deps(h).Now().UTC()}, nil
}
