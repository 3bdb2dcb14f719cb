package shipper

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Type is what a shipper carries: between hubs, or from its hub to customers.
type Type string

// The two types of the contract.
const (
	TypeHub      Type = "SHIPPER_HUB"
	TypeCustomer Type = "SHIPPER_CUSTOMER"
)

// Types lists every type, in the contract's order.
var Types = []Type{TypeHub, TypeCustomer}

// ParseType accepts exactly the names of Types.
func ParseType(s string) (Type, bool) {
	for _, t := range Types {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool {
	_, ok := ParseType(string(t))
	return ok
}

// Details are the parts of a shipper that change: its hub and its type. New and Change take them
// whole, so a shipper is never half-changed; a change of HubID is a move.
type Details struct {
	HubID uuid.UUID
	Type  Type
}

func (d Details) check(v *kernel.Validator) {
	if d.HubID == uuid.Nil {
		v.Add("hubId", "is required")
	}
	if !d.Type.Valid() {
		v.Add("shipperType", "must be SHIPPER_HUB or SHIPPER_CUSTOMER")
	}
}

// Shipper is the aggregate root. Its fields are unexported so that every change goes through a
// method that checks the rules, bumps the version and records who changed it and when. The
// embedded audit gives its version and audit accessors (Version, CreatedAt, DeletedBy, ...,
// CheckVersion).
type Shipper struct {
	audit
	id      uuid.UUID
	details Details
	events  record.Events[Event] // recorded by the changes, stored by the repository with them
}

// audit is the shipper's version and audit trail, shared with every aggregate (package record);
// the alias keeps the embedded field unexported.
type audit = record.Audit[subject]

// New registers the user id as a live shipper at version 1. That the hub is live is the
// application's to check first and the repository's to hold (ErrHubNotFound); that no shipper
// has the id is the repository's (ErrExists, or ErrDeleted for a deleted one).
func New(id uuid.UUID, d Details, by uuid.UUID, at time.Time) (*Shipper, error) {
	var v kernel.Validator
	if id == uuid.Nil {
		v.Add("shipperId", "is required")
	}
	d.check(&v)
	record.CheckActor(&v, by)
	if err := v.Err(ErrInvalid); err != nil {
		return nil, err
	}
	s := &Shipper{audit: record.Start[subject](by, at), id: id, details: d}
	s.emit(Created)
	return s, nil
}

// Change replaces the details of a live shipper: a new HubID moves it (the application checks
// that the caller may act at both hubs, and the repository that the new hub is live). Details
// equal to the current ones are not a change: the version and the audit fields stay as they
// are, so ETags stay valid.
func (s *Shipper) Change(d Details, by uuid.UUID, at time.Time) error {
	changed, err := record.Change(&s.audit, &s.details, by, at, func(v *kernel.Validator) Details {
		d.check(v)
		return d
	}, record.Same[Details])
	if changed {
		s.emit(Updated)
	}
	return err
}

// CheckSameID refuses a replacement (PUT) or merge patch whose body names another shipperId than
// the path: a shipper's id is its user's and never changes. A nil id was not given.
func (s *Shipper) CheckSameID(id *uuid.UUID) error {
	var v kernel.Validator
	if id != nil && *id != s.id {
		v.Add("shipperId", "cannot change; it is the shipper's user id")
	}
	return v.Err(ErrInvalid)
}

// Delete soft-deletes a live shipper: it leaves its hub's rotation at once.
func (s *Shipper) Delete(by uuid.UUID, at time.Time) error {
	if err := record.Delete(&s.audit, by, at); err != nil {
		return err
	}
	s.emit(Deleted)
	return nil
}

// Restore brings a deleted shipper back, at the hub it had; the application refuses it first
// when that hub is not live (ErrHubNotFound), and the repository holds it so.
func (s *Shipper) Restore(by uuid.UUID, at time.Time) error {
	if err := record.Restore(&s.audit, by, at); err != nil {
		return err
	}
	s.emit(Restored)
	return nil
}

// The version and audit accessors (IsDeleted, Version, CreatedAt, CreatedBy, UpdatedAt,
// UpdatedBy, DeletedAt, DeletedBy) and CheckVersion are the embedded record.Audit's.

// ID is the shipper's user id; it never changes.
func (s *Shipper) ID() uuid.UUID { return s.id }

// HubID is the hub the shipper belongs to.
func (s *Shipper) HubID() uuid.UUID { return s.details.HubID }

// Type is what the shipper carries.
func (s *Shipper) Type() Type { return s.details.Type }

// Details returns the changeable parts, the starting point of a partial change.
func (s *Shipper) Details() Details { return s.details }
