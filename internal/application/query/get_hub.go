package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
)

// GetHub asks for one hub by id.
type GetHub struct {
	Actor access.Actor
	HubID uuid.UUID
}

// GetHubHandler reads one hub. A deleted hub is found only by MASTER; to the other roles it is
// hub.ErrNotFound, so its existence does not leak.
type GetHubHandler struct{ repo hub.Repository }

// NewGetHubHandler refuses a nil repository.
func NewGetHubHandler(repo hub.Repository) (GetHubHandler, error) {
	return GetHubHandler{repo}, checkRepo(repo)
}

// Handle returns the hub's read model.
func (h GetHubHandler) Handle(ctx context.Context, q GetHub) (HubView, error) {
	if !q.Actor.CanRead() {
		return HubView{}, access.ErrForbidden
	}
	find := h.repo.FindActiveByID
	if q.Actor.CanSeeDeleted() {
		find = h.repo.FindByID
	}
	found, err := find(ctx, q.HubID)
	if err != nil {
		return HubView{}, err
	}
	return ViewOf(found), nil
}
