package record

import (
	"time"

	"github.com/google/uuid"
)

// Occurrence is what every event of every aggregate carries besides its type and the record's
// state: an id of its own, the record's version after the change, who made the change and when.
// An aggregate's Event embeds it.
type Occurrence struct {
	ID         uuid.UUID
	Version    int64 // the record's version after the change
	Actor      uuid.UUID
	OccurredAt time.Time
}

// OccurrenceOf is the occurrence of the change a has just recorded (Start, Touch, Delete,
// Restore), with a fresh time-ordered id.
func OccurrenceOf[S Subject](a *Audit[S]) Occurrence {
	return Occurrence{ID: NewID(), Version: a.version, Actor: a.updatedBy, OccurredAt: a.updatedAt}
}

// NewID is a fresh time-ordered id (UUIDv7, which keeps a primary-key index append-mostly), or a
// random one in the unlikely case that the clock or the entropy source fails.
func NewID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.New()
	}
	return id
}

// Event is one change of one record, with the record's state after it: Type is the aggregate's
// (hub.Created, …), RecordID the record's id and State its snapshot. The aggregate records events
// as it changes; the repository stores them in the same transaction as the change, so there is
// never a change without its event or an event without its change. Every aggregate's Event is
// one (hub.Event, …); the embedded Occurrence gives ID, Version (the record's after the change),
// Actor and OccurredAt.
type Event[T ~string, S any] struct {
	Occurrence
	Type     T
	RecordID uuid.UUID
	State    S
}

// Emit notes in l the event of type t of the change a has just recorded (OccurrenceOf) of the
// record id, whose state is now s.
func Emit[T ~string, S any, Sub Subject](l *Events[Event[T, S]], a *Audit[Sub], t T, id uuid.UUID, s S) {
	l.Add(Event[T, S]{Occurrence: OccurrenceOf(a), Type: t, RecordID: id, State: s})
}

// Events are the events a record has recorded since it was made or loaded, for the repository
// to store in the same transaction as the change: never a change without its event, nor an
// event without its change. The zero value is empty and ready.
type Events[E any] struct{ pending []E }

// Add notes e, after the ones before.
func (l *Events[E]) Add(e E) { l.pending = append(l.pending, e) }

// Pending is a copy of the events noted, oldest first.
func (l *Events[E]) Pending() []E { return append([]E(nil), l.pending...) }
