package query

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
)

// GetHub asks for one hub by id.
type GetHub = readmodel.One

// HubViewReader is GetHub's read model: the adapter reads the row straight into the view, with no
// aggregate in between.
type HubViewReader interface {
	// HubView returns the hub's view; a deleted hub only when withDeleted is set, else (and when
	// there is no such hub) hub.ErrNotFound.
	HubView(ctx context.Context, id uuid.UUID, withDeleted bool) (HubView, error)
}

// GetHubHandler reads one hub. A deleted hub is found only by MASTER; to the other roles it is
// hub.ErrNotFound, so its existence does not leak.
type GetHubHandler = readmodel.Get[HubViewReader, HubView]

// NewGetHubHandler refuses a nil read model.
func NewGetHubHandler(views HubViewReader) (GetHubHandler, error) {
	return readmodel.NewGet("hub", views, HubViewReader.HubView, readmodel.Readers)
}
