package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/transaction"
	"github.com/hubd/hubd/internal/domain/hub"
)

// RestoreHub brings a deleted hub back.
type RestoreHub = access.Target

// RestoreHubHandler restores hubs; MASTER only. A live hub is hub.ErrNotDeleted; a name taken
// meanwhile is hub.ErrNameTaken.
// The cascade runs in the hub's transaction.
type RestoreHubHandler struct{ cascading }

// NewRestoreHubHandler refuses nil dependencies.
func NewRestoreHubHandler(repo hub.Repository, tx transaction.Transactor, cascade Cascade, now Clock) (RestoreHubHandler, error) {
	c, err := newCascading(repo, tx, cascade, now)
	return RestoreHubHandler{c}, err
}

// Handle restores the hub, and with it (Cascade.HubRestored) what its deletion removed, and
// returns its view as stored.
func (h RestoreHubHandler) Handle(ctx context.Context, c RestoreHub) (query.HubView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.HubView{}, access.ErrForbidden
	}
	var restored *hub.Hub
	err := h.tx.InTx(ctx, func(ctx context.Context) error {
		var deletedVersion int64 // the version the deletion gave the hub: it names that deletion
		var err error
		restored, err = h.repo.Update(ctx, c.ID, func(current *hub.Hub) error {
			if err := checkVersion(current, c.IfVersion); err != nil {
				return err
			}
			deletedVersion = current.Version()
			return current.Restore(c.Actor.ID, h.now())
		})
		if err != nil {
			return err
		}
		return h.cascade.HubRestored(ctx, restored.ID(), deletedVersion, restored.UpdatedBy(), restored.UpdatedAt())
	})
	return viewOf(restored, nameTakenFor(c.Actor, err))
}
