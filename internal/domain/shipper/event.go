package shipper

import "github.com/hubd/hubd/internal/domain/record"

// EventType names what happened to a shipper.
type EventType string

// The four things that can happen to a shipper; a move is an update.
const (
	Created  EventType = "shipper.created"
	Updated  EventType = "shipper.updated"
	Deleted  EventType = "shipper.deleted"
	Restored EventType = "shipper.restored"
)

// Event is one change of one shipper, with the shipper's state after it (record.Event: RecordID is the
// shipper's id, State its Snapshot).
type Event = record.Event[EventType, Snapshot]

// emit notes an event for the shipper's current state.
func (s *Shipper) emit(t EventType) { record.Emit(&s.events, &s.audit, t, s.id, s.Snapshot()) }

// PendingEvents are the events recorded since the shipper was made or loaded, oldest first, for
// the repository to store with the change.
func (s *Shipper) PendingEvents() []Event { return s.events.Pending() }
