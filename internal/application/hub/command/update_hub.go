package command

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// UpdateHub replaces the user-chosen details of a hub (PUT). Patch is the partial form.
type UpdateHub struct {
	Actor   access.Actor
	HubID   uuid.UUID
	Details hub.Details
	// IfVersion, when not 0, must be the hub's current version (If-Match).
	IfVersion int64
}

// UpdateHubHandler changes hubs: MASTER any, HUB_MANAGER only its own and never the manager.
type UpdateHubHandler struct{ deps }

// NewUpdateHubHandler refuses nil dependencies.
func NewUpdateHubHandler(repo hub.Repository, now Clock) (UpdateHubHandler, error) {
	d, err := newDeps(repo, now)
	return UpdateHubHandler{d}, err
}

// Handle replaces the details and returns the hub's view as stored.
func (h UpdateHubHandler) Handle(ctx context.Context, c UpdateHub) (query.HubView, error) {
	return h.change(ctx, c.Actor, c.HubID, c.IfVersion, func(*hub.Hub) hub.Details { return c.Details })
}

// change is the one path of PUT and PATCH: next computes the new details from the locked hub.
func (h UpdateHubHandler) change(ctx context.Context, actor access.Actor, id uuid.UUID, ifVersion int64,
	next func(*hub.Hub) hub.Details,
) (query.HubView, error) {
	if !actor.CanUpdateSome() {
		return query.HubView{}, access.ErrForbidden
	}
	updated, err := h.repo.Update(ctx, id, func(current *hub.Hub) error {
		if current.IsDeleted() && !actor.CanSeeDeleted() {
			return hub.ErrNotFound
		}
		d := next(current)
		if !actor.CanChangeAt(current.ManagerID(), d.ManagerID) {
			return access.ErrForbidden
		}
		if err := checkVersion(current, ifVersion); err != nil {
			return err
		}
		return current.Change(d, actor.ID, h.now())
	})
	return viewOf(updated, nameTakenFor(actor, err))
}
