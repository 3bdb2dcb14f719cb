package shipper

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// EventType names what happened to a shipper.
type EventType string

// The four things that can happen to a shipper; a move is an update.
const (
	Created  EventType = "shipper.created"
	Updated  EventType = "shipper.updated"
	Deleted  EventType = "shipper.deleted"
	Restored EventType = "shipper.restored"
)

// Event is one change of one shipper, with the shipper's state after it. The aggregate records
// events as it changes; the repository stores them in the same transaction as the change. The
// embedded Occurrence gives ID, Version (the shipper's after the change), Actor and OccurredAt.
type Event struct {
	record.Occurrence
	Type      EventType
	ShipperID uuid.UUID
	Shipper   Snapshot
}

// emit notes an event for the shipper's current state.
func (s *Shipper) emit(t EventType) {
	s.events.Add(Event{Occurrence: record.OccurrenceOf(&s.audit), Type: t, ShipperID: s.id, Shipper: s.Snapshot()})
}

// PendingEvents are the events recorded since the shipper was made or loaded, oldest first, for
// the repository to store with the change.
func (s *Shipper) PendingEvents() []Event { return s.events.Pending() }
