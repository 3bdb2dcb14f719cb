package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/readmodel"
)

// GetHub asks for one hub by id.
type GetHub struct {
	Actor access.Actor
	HubID uuid.UUID
}

// HubViewReader is GetHub's read model: the adapter reads the row straight into the view, with no
// aggregate in between.
type HubViewReader interface {
	// HubView returns the hub's view; a deleted hub only when withDeleted is set, else (and when
	// there is no such hub) hub.ErrNotFound.
	HubView(ctx context.Context, id uuid.UUID, withDeleted bool) (HubView, error)
}

// GetHubHandler reads one hub. A deleted hub is found only by MASTER; to the other roles it is
// hub.ErrNotFound, so its existence does not leak.
type GetHubHandler struct {
	get readmodel.Get[HubViewReader, HubView]
}

// NewGetHubHandler refuses a nil read model.
func NewGetHubHandler(views HubViewReader) (GetHubHandler, error) {
	get, err := readmodel.NewGet("hub", views, HubViewReader.HubView, readmodel.Readers)
	return GetHubHandler{get}, err
}

// Handle returns the hub's read model.
func (h GetHubHandler) Handle(ctx context.Context, q GetHub) (HubView, error) {
	return h.get.Handle(ctx, q.Actor, q.HubID)
}
