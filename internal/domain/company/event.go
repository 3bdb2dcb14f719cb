package company

import "github.com/hubd/hubd/internal/domain/record"

// EventType names what happened to a company.
type EventType string

// The four things that can happen to a company; a move is an update.
const (
	Created  EventType = "company.created"
	Updated  EventType = "company.updated"
	Deleted  EventType = "company.deleted"
	Restored EventType = "company.restored"
)

// Event is one change of one company, with the company's state after it (record.Event: RecordID is the
// company's id, State its Snapshot).
type Event = record.Event[EventType, Snapshot]

// emit notes an event for the company's current state.
func (c *Company) emit(t EventType) { record.Emit(&c.events, &c.audit, t, c.id, c.Snapshot()) }

// PendingEvents are the events recorded since the company was made or loaded, oldest first, for
// the repository to store with the change.
func (c *Company) PendingEvents() []Event { return c.events.Pending() }
