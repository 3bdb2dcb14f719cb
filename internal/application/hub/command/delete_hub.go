package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/hub"
)

// DeleteHub soft-deletes a hub.
type DeleteHub struct {
	Actor     access.Actor
	HubID     uuid.UUID
	IfVersion int64
}

// DeleteHubHandler soft-deletes hubs; MASTER only. Deleting a deleted hub is hub.ErrNotFound,
// as the contract answers 404 for it. The cascade runs in the hub's transaction.
type DeleteHubHandler struct{ cascading }

// NewDeleteHubHandler refuses nil dependencies.
func NewDeleteHubHandler(repo hub.Repository, tx transaction.Transactor, cascade Cascade, now Clock) (DeleteHubHandler, error) {
	c, err := newCascading(repo, tx, cascade, now)
	return DeleteHubHandler{c}, err
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
		deleted, err = h.repo.Update(ctx, c.HubID, func(current *hub.Hub) error {
			if current.IsDeleted() {
				return hub.ErrNotFound
			}
			if err := checkVersion(current, c.IfVersion); err != nil {
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
