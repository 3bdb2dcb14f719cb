package route

import "github.com/hubd/hubd/internal/domain/record"

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

// Event is one change of one route, with the route's state after it (record.Event: RecordID is the
// route's id, State its Snapshot).
type Event = record.Event[EventType, Snapshot]

// emit notes an event for the route's current state.
func (r *HubRoute) emit(t EventType) { record.Emit(&r.events, &r.audit, t, r.id, r.Snapshot()) }

// PendingEvents are the events recorded since the route was made or loaded, oldest first, for
// the repository to store with the change.
func (r *HubRoute) PendingEvents() []Event { return r.events.Pending() }
