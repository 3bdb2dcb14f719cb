package command

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/hub"
)

// DeleteHub soft-deletes a hub.
type DeleteHub = access.Target

// HubUsers counts what lives at a hub and keeps it from being deleted: its shippers and companies
// that are not deleted. It reads in the transaction ctx carries, the hub's deletion's, whose hub
// row is locked FOR UPDATE by then (see DeleteHubHandler.Handle for why the count is then exact).
type HubUsers interface {
	LiveUsers(ctx context.Context, hubID uuid.UUID) (shippers, companies int64, err error)
}

// DeleteHubHandler soft-deletes hubs; MASTER only. Deleting a deleted hub is hub.ErrNotFound,
// as the contract answers 404 for it; one with live shippers or companies is a *hub.InUseError
// (409 HUB_IN_USE). The cascade runs in the hub's transaction.
type DeleteHubHandler struct {
	cascading
	users HubUsers
}

// NewDeleteHubHandler refuses nil dependencies.
func NewDeleteHubHandler(repo hub.Repository, tx transaction.Transactor, cascade Cascade, users HubUsers, now Clock) (DeleteHubHandler, error) {
	c, err := newCascading(repo, tx, cascade, now)
	if err == nil && users == nil {
		err = errors.New("command: the hub's users are required")
	}
	return DeleteHubHandler{cascading: c, users: users}, err
}

// Handle deletes the hub, and with it (Cascade.HubDeleted) what belongs to it, and returns its
// view as stored.
func (h DeleteHubHandler) Handle(ctx context.Context, c DeleteHub) (query.HubView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.HubView{}, access.ErrForbidden
	}
	var deleted *hub.Hub
	err := h.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		deleted, err = h.repo.Update(ctx, c.ID, func(current *hub.Hub) error {
			if current.IsDeleted() {
				return hub.ErrNotFound
			}
			if err := checkVersion(current, c.IfVersion); err != nil {
				return err
			}
			if err := h.refuseInUse(ctx, current.ID()); err != nil {
				return err
			}
			return current.Delete(c.Actor.ID, h.now())
		})
		if err != nil {
			return err
		}
		return h.cascade.HubDeleted(ctx, deleted.ID(), deleted.Version(), deleted.UpdatedBy(), deleted.UpdatedAt())
	})
	return viewOf(deleted, err)
}

// refuseInUse is the hub-in-use guard, run with the hub row locked FOR UPDATE (inside
// Repository.Update) and before anything is written, so a refusal leaves the hub, its routes and
// the feed as they were.
//
// It holds against a shipper or company put at the hub concurrently, because every command that
// does so first reads the hub with "… WHERE hub_id = $1 AND NOT is_deleted FOR SHARE" in its own
// transaction, and FOR SHARE conflicts with FOR UPDATE. Under READ COMMITTED either
//   - the registration locked the hub first: this deletion's FOR UPDATE waits until it commits,
//     and the count below, a later statement with a snapshot of its own, sees its row (409); or
//   - this deletion locked it first: the registration's FOR SHARE waits until the deletion
//     commits, and PostgreSQL then re-evaluates its WHERE on the row's new version (is_deleted),
//     which no longer matches, so the registration finds no live hub and writes nothing.
//
// Without FOR SHARE a registration could read the live hub before the lock, insert after the
// count, and both would win (the foreign key's FOR KEY SHARE only waits for the lock; it does not
// care that the hub is deleted): the race test in guard_race_test.go shows that.
func (h DeleteHubHandler) refuseInUse(ctx context.Context, hubID uuid.UUID) error {
	shippers, companies, err := h.users.LiveUsers(ctx, hubID)
	if err != nil {
		return err
	}
	if shippers > 0 || companies > 0 {
		return &hub.InUseError{Shippers: shippers, Companies: companies}
	}
	return nil
}
