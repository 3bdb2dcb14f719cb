package hub

import "github.com/hubd/hubd/internal/domain/record"

// EventType names what happened to a hub.
type EventType string

// The four things that can happen to a hub.
const (
	Created  EventType = "hub.created"
	Updated  EventType = "hub.updated"
	Deleted  EventType = "hub.deleted"
	Restored EventType = "hub.restored"
)

// Event is one change of one hub, with the hub's state after it (record.Event: RecordID is the
// hub's id, State its Snapshot).
type Event = record.Event[EventType, Snapshot]

// emit notes an event for the hub's current state.
func (h *Hub) emit(t EventType) { record.Emit(&h.events, &h.audit, t, h.id, h.Snapshot()) }

// PendingEvents are the events recorded since the hub was made or loaded, oldest first, for
// the repository to store with the change.
func (h *Hub) PendingEvents() []Event { return h.events.Pending() }
