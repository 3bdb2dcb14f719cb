package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// DeleteHub soft-deletes a hub.
type DeleteHub struct {
	Actor     access.Actor
	HubID     uuid.UUID
	IfVersion int64
}

// DeleteHubHandler soft-deletes hubs; MASTER only. Deleting a deleted hub is hub.ErrNotFound,
// as the contract answers 404 for it.
type DeleteHubHandler struct{ deps }

// NewDeleteHubHandler refuses nil dependencies.
func NewDeleteHubHandler(repo hub.Repository, now Clock) (DeleteHubHandler, error) {
	d, err := newDeps(repo, now)
	return DeleteHubHandler{d}, err
}

// Handle deletes the hub and returns its view as stored.
func (h DeleteHubHandler) Handle(ctx context.Context, c DeleteHub) (query.HubView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.HubView{}, access.ErrForbidden
	}
	return viewOf(h.repo.Update(ctx, c.HubID, func(current *hub.Hub) error {
		if current.IsDeleted() {
			return hub.ErrNotFound
		}
		if err := checkVersion(current, c.IfVersion); err != nil {
			return err
		}
		return current.Delete(c.Actor.ID, h.now())
	}))
}
