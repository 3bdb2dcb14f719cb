package command

import (
	"context"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// CreateHub is the input of CreateHubHandler.
type CreateHub struct {
	Actor   access.Actor
	Details hub.Details
}

// CreateHubHandler creates hubs; MASTER only.
type CreateHubHandler struct{ deps }

// NewCreateHubHandler refuses nil dependencies.
func NewCreateHubHandler(repo hub.Repository, now Clock) (CreateHubHandler, error) {
	d, err := newDeps(repo, now)
	return CreateHubHandler{d}, err
}

// Handle creates the hub, or fails with access.ErrForbidden, a *hub.ValidationError or
// hub.ErrNameTaken (a *hub.NameTakenError naming the holder when the caller may see it). It
// returns the view of the hub as stored.
func (h CreateHubHandler) Handle(ctx context.Context, c CreateHub) (query.HubView, error) {
	if !c.Actor.CanManageLifecycle() {
		return query.HubView{}, access.ErrForbidden
	}
	created, err := hub.New(c.Details, c.Actor.ID, h.now())
	if err != nil {
		return query.HubView{}, err
	}
	if err := h.repo.Create(ctx, created); err != nil {
		return query.HubView{}, nameTakenFor(c.Actor, err)
	}
	return query.ViewOf(created), nil
}
