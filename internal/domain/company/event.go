package company

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// EventType names what happened to a company.
type EventType string

// The four things that can happen to a company; a move is an update.
const (
	Created  EventType = "company.created"
	Updated  EventType = "company.updated"
	Deleted  EventType = "company.deleted"
	Restored EventType = "company.restored"
)

// Event is one change of one company, with the company's state after it. The aggregate records
// events as it changes; the repository stores them in the same transaction as the change. The
// embedded Occurrence gives ID, Version (the company's after the change), Actor and OccurredAt.
type Event struct {
	record.Occurrence
	Type      EventType
	CompanyID uuid.UUID
	Company   Snapshot
}

// emit notes an event for the company's current state.
func (c *Company) emit(t EventType) {
	c.events.Add(Event{Occurrence: record.OccurrenceOf(&c.audit), Type: t, CompanyID: c.id, Company: c.Snapshot()})
}

// PendingEvents are the events recorded since the company was made or loaded, oldest first, for
// the repository to store with the change.
func (c *Company) PendingEvents() []Event { return c.events.Pending() }
