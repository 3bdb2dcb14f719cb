package route

import (
	"time"

	"github.com/google/uuid"
)

// EventType names what happened to a route.
type EventType string

// The four things that can happen to a route; a deletion or restore by the hub cascade is the
// same event as one asked for directly.
const (
	Created  EventType = "hub-route.created"
	Updated  EventType = "hub-route.updated"
	Deleted  EventType = "hub-route.deleted"
	Restored EventType = "hub-route.restored"
)

// Event is one change of one route, with the route's state after it. The aggregate records events
// as it changes; the repository stores them in the same transaction as the change.
type Event struct {
	ID         uuid.UUID
	Type       EventType
	RouteID    uuid.UUID
	Version    int64 // the route's version after the change
	Actor      uuid.UUID
	OccurredAt time.Time
	Route      Snapshot
}

// record notes an event for the route's current state.
func (r *HubRoute) record(t EventType) {
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	r.events = append(r.events, Event{
		ID: id, Type: t, RouteID: r.id, Version: r.version,
		Actor: r.updatedBy, OccurredAt: r.updatedAt, Route: r.Snapshot(),
	})
}

// PendingEvents are the events recorded since the route was made or loaded, oldest first, for
// the repository to store with the change.
func (r *HubRoute) PendingEvents() []Event { return append([]Event(nil), r.events...) }
