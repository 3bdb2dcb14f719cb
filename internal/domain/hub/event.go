package hub

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
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
// never a change without its event or an event without its change. The embedded Occurrence
// gives ID, Version (the hub's after the change), Actor and OccurredAt.
type Event struct {
	record.Occurrence
	Type  EventType
	HubID uuid.UUID
	Hub   Snapshot
}

// emit notes an event for the hub's current state.
func (h *Hub) emit(t EventType) {
	h.events.Add(Event{Occurrence: record.OccurrenceOf(&h.audit), Type: t, HubID: h.id, Hub: h.Snapshot()})
}

// PendingEvents are the events recorded since the hub was made or loaded, oldest first, for
// the repository to store with the change.
func (h *Hub) PendingEvents() []Event { return h.events.Pending() }
