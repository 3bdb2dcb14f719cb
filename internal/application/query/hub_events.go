package query

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/hub"
)

// MaxEventBatch caps one read of the feed.
const MaxEventBatch = 1000

// HubEvents asks for the events after a position of the feed.
type HubEvents struct {
	Actor access.Actor
	After int64
	Limit int
}

// EventView is the read model of one hub event.
type EventView struct {
	Seq        int64
	ID         uuid.UUID
	Type       string
	HubID      uuid.UUID
	Version    int64
	Actor      uuid.UUID
	OccurredAt time.Time
	Hub        HubView // the hub's state after the change
}

// HubEventsHandler reads the feed, in commit order; MASTER and SERVER only. It shows deleted
// hubs' events too: a follower must learn of the deletion.
type HubEventsHandler struct{ log hub.EventLog }

// NewHubEventsHandler refuses a nil log.
func NewHubEventsHandler(log hub.EventLog) (HubEventsHandler, error) {
	if log == nil {
		return HubEventsHandler{}, errors.New("query: an event log is required")
	}
	return HubEventsHandler{log}, nil
}

// Handle returns at most Limit (1 to MaxEventBatch) events after After.
func (h HubEventsHandler) Handle(ctx context.Context, q HubEvents) ([]EventView, error) {
	if !q.Actor.CanFollowEvents() {
		return nil, access.ErrForbidden
	}
	return h.read(ctx, q.After, q.Limit)
}

// read is Handle without the access check, for callers that made it already (the streams).
func (h HubEventsHandler) read(ctx context.Context, after int64, limit int) ([]EventView, error) {
	events, err := h.log.EventsAfter(ctx, max(after, 0), min(max(limit, 1), MaxEventBatch))
	if err != nil {
		return nil, err
	}
	out := make([]EventView, len(events))
	for i, e := range events {
		out[i] = EventView{
			Seq: e.Seq, ID: e.ID, Type: string(e.Type), HubID: e.HubID, Version: e.Version,
			Actor: e.Actor, OccurredAt: e.OccurredAt, Hub: viewOfSnapshot(e.Hub),
		}
	}
	return out, nil
}
