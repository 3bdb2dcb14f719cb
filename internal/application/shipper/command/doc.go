// Package command holds the use cases that change shippers, one file each, and the fair
// rotation's use case (AssignShipperHandler). Every change runs in one transaction of the
// application's unit of work; a command that puts a live shipper at a hub (create, a move,
// restore) holds that hub in it against a concurrent deletion (HubHolder), so a hub's deletion,
// which counts its live shippers, and the registration never both win. Each returns the view of
// the shipper as stored (query.ShipperView).
package command

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// Clock tells the time; tests pin it.
type Clock func() time.Time

// HubHold is what a shipper's command needs of a hub: whether it is live, and its manager (nil
// when it has none or is not live), who may act on the shippers there.
type HubHold struct {
	Live    bool
	Manager *uuid.UUID
}

// HubHolder reads the hubs shippers belong to.
type HubHolder interface {
	// HoldLiveHub reads the hub in the transaction ctx carries, holding it, when live, against
	// a concurrent deletion until that transaction ends (SELECT … FOR SHARE).
	HoldLiveHub(ctx context.Context, hubID uuid.UUID) (HubHold, error)
	// PeekLiveHub reads the hub without holding it: for the rotation, which writes no shipper.
	PeekLiveHub(ctx context.Context, hubID uuid.UUID) (HubHold, error)
}

// Deps are what every shipper command needs.
type Deps struct {
	Shippers shipper.Repository
	Rotation shipper.Rotation
	Hubs     HubHolder
	Tx       transaction.Transactor
	Now      Clock
}

// Check refuses missing dependencies: the use cases are wired (each a Deps under its own name)
// only over complete ones.
func (d Deps) Check() error {
	if d.Shippers == nil || d.Rotation == nil || d.Hubs == nil || d.Tx == nil || d.Now == nil {
		return errors.New("shipper command: a repository, a rotation, a hub holder, a transactor and a clock are required")
	}
	return nil
}

// canChangeSome is the role part of every change: MASTER, or a HUB_MANAGER (at its own hubs,
// decided once the hub is read); everyone else is refused before anything is read.
func canChangeSome(a access.Actor) bool { return a.CanUpdateSome() }

// checkVersion applies an optional If-Match version (0: none) to the locked shipper.
func checkVersion(s *shipper.Shipper, version int64) error {
	if version != 0 {
		return s.CheckVersion(version)
	}
	return nil
}

// change is a change of the existing shipper id, in one transaction, by a role that may change
// some shippers (the hub's own rule is fn's, on the locked shipper); the view as stored.
func (d Deps) change(ctx context.Context, actor access.Actor, id uuid.UUID, fn func(ctx context.Context, s *shipper.Shipper) error) (query.ShipperView, error) {
	if !canChangeSome(actor) {
		return query.ShipperView{}, access.ErrForbidden
	}
	return d.inTx(ctx, func(ctx context.Context) (*shipper.Shipper, error) {
		return d.Shippers.Update(ctx, id, func(s *shipper.Shipper) error { return fn(ctx, s) })
	})
}

// checkAt is the rule of a change that keeps the shipper at its hub, as held: MASTER, or the
// hub's manager (access.Actor.CanChangeAt); then the version, only after the permission (a
// caller who may not change the shipper learns nothing of it).
func checkAt(actor access.Actor, hold HubHold, s *shipper.Shipper, version int64) error {
	if !actor.CanChangeAt(hold.Manager, hold.Manager) {
		return access.ErrForbidden
	}
	return checkVersion(s, version)
}

// inTx runs fn in one transaction and returns the view of the shipper it stored.
func (d Deps) inTx(ctx context.Context, fn func(ctx context.Context) (*shipper.Shipper, error)) (query.ShipperView, error) {
	var stored *shipper.Shipper
	err := d.Tx.InTx(ctx, func(ctx context.Context) error {
		s, err := fn(ctx)
		stored = s
		return err
	})
	if err != nil {
		return query.ShipperView{}, err
	}
	return query.ViewOf(stored), nil
}
