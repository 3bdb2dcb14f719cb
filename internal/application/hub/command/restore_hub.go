package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// RestoreHub brings a deleted hub back.
type RestoreHub struct {
	Actor     access.Actor
	HubID     uuid.UUID
	IfVersion int64
}

// RestoreHubHandler restores hubs; MASTER only. A live hub is hub.ErrNotDeleted; a name taken
// meanwhile is hub.ErrNameTaken.
type RestoreHubHandler struct{ deps }

// NewRestoreHubHandler refuses nil dependencies.
func NewRestoreHubHandler(repo hub.Repository, now Clock) (RestoreHubHandler, error) {
	d, err := newDeps(repo, now)
	return RestoreHubHandler{d}, err
}

// Handle restores the hub and returns its view as stored.
func (h RestoreHubHandler) Handle(ctx context.Context, c RestoreHub) (query.HubView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.HubView{}, access.ErrForbidden
	}
	restored, err := h.repo.Update(ctx, c.HubID, func(current *hub.Hub) error {
		if err := checkVersion(current, c.IfVersion); err != nil {
			return err
		}
		return current.Restore(c.Actor.ID, h.now())
	})
	return viewOf(restored, nameTakenFor(c.Actor, err))
}
