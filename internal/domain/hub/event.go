package hub

import (
	"time"

	"github.com/google/uuid"
)

// EventType names what happened to a hub.
type EventType string

// The four things that can happen to a hub.
const (
	Created  EventType = "hub.created"
	Updated  EventType = "hub.updated"
	Deleted  EventType = "hub.deleted"
	Restored EventType = "hub.restored"
)

// Event is one change of one hub, with the hub's state after it. The aggregate records events as
// it changes; the repository stores them in the same transaction as the change, so there is
// never a change without its event or an event without its change.
type Event struct {
	ID         uuid.UUID
	Type       EventType
	HubID      uuid.UUID
	Version    int64 // the hub's version after the change
	Actor      uuid.UUID
	OccurredAt time.Time
	Hub        Snapshot
}

// record notes an event for the hub's current state.
func (h *Hub) record(t EventType) {
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	h.events = append(h.events, Event{
		ID: id, Type: t, HubID: h.id, Version: h.version,
		Actor: h.updatedBy, OccurredAt: h.updatedAt, Hub: h.Snapshot(),
	})
}

// PendingEvents are the events recorded since the hub was made or loaded, oldest first, for
// the repository to store with the change.
func (h *Hub) PendingEvents() []Event { return append([]Event(nil), h.events...) }
