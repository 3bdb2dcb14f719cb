package company

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/input"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// Address is where a company is: the shared postal address, with the hub's rules.
type Address = input.Address

// Details are the parts of a company its users choose: everything but identity, state and
// audit. New and Change take them whole, so a company is never half-changed; a change of HubID
// is a move.
type Details struct {
	Name      string
	HubID     uuid.UUID
	ManagerID *uuid.UUID // nil: no manager
	Address   Address
}

// normalize returns the details as they will be stored (the name normalized, input.Name) or
// every rule they break.
func (d Details) normalize(v *kernel.Validator) Details {
	d.Name = input.Name(v, "companyName", d.Name)
	if d.HubID == uuid.Nil {
		v.Add("hubId", "is required")
	}
	if d.ManagerID != nil && *d.ManagerID == uuid.Nil {
		v.Add("companyManagerId", "must not be the nil UUID")
	}
	input.CheckAddress(v, "address", d.Address)
	d.ManagerID = record.CopyPtr(d.ManagerID)
	return d
}

func (d Details) equal(o Details) bool {
	return d.Name == o.Name && d.HubID == o.HubID && d.Address == o.Address && sameManager(d.ManagerID, o.ManagerID)
}

func sameManager(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Company is the aggregate root. Its fields are unexported so that every change goes through a
// method that checks the rules, bumps the version and records who changed it and when. The
// embedded audit gives its version and audit accessors (Version, CreatedAt, DeletedBy, ...,
// CheckVersion).
type Company struct {
	audit
	id      uuid.UUID
	details Details
	events  record.Events[Event] // recorded by the changes, stored by the repository with them
}

// audit is the company's version and audit trail, shared with every aggregate (package record);
// the alias keeps the embedded field unexported.
type audit = record.Audit[subject]

// New creates a live company at version 1 with a fresh time-ordered id (UUIDv7). That the hub is
// live is the application's to check first and the repository's to hold (ErrHubNotFound); that
// no live company has the name's key is the repository's (ErrNameTaken).
func New(d Details, by uuid.UUID, at time.Time) (*Company, error) {
	var v kernel.Validator
	d = d.normalize(&v)
	record.CheckActor(&v, by)
	if err := v.Err(ErrInvalid); err != nil {
		return nil, err
	}
	c := &Company{audit: record.Start[subject](by, at), id: record.NewID(), details: d}
	c.emit(Created)
	return c, nil
}

// Change replaces the details of a live company (a new HubID moves it). Details equal to the
// current ones once normalized are not a change: the version and the audit fields stay as they
// are, so ETags stay valid.
func (c *Company) Change(d Details, by uuid.UUID, at time.Time) error {
	changed, err := record.Change(&c.audit, &c.details, by, at, d.normalize, Details.equal)
	if changed {
		c.emit(Updated)
	}
	return err
}

// ManagerMayChange is the company manager's rule of the permission matrix: the user manager may
// change only the company they manage (ErrNotTheirCompany otherwise), and of it only the name
// and the address (ErrOnlyNameAndAddress when next has another hub or another manager). Both
// are kernel.Forbidden. It decides who may ask, not whether next is valid: Change checks that.
// The application calls it for a caller of role COMPANY, before Change, with the details the
// request would store (for a merge patch, the current ones with the patch applied).
func (c *Company) ManagerMayChange(manager uuid.UUID, next Details) error {
	if c.details.ManagerID == nil || *c.details.ManagerID != manager || manager == uuid.Nil {
		return ErrNotTheirCompany
	}
	if next.HubID != c.details.HubID || !sameManager(next.ManagerID, c.details.ManagerID) {
		return ErrOnlyNameAndAddress
	}
	return nil
}

// Delete soft-deletes a live company; its name becomes free for other companies.
func (c *Company) Delete(by uuid.UUID, at time.Time) error {
	if err := record.Delete(&c.audit, by, at); err != nil {
		return err
	}
	c.emit(Deleted)
	return nil
}

// Restore brings a deleted company back, at the hub it had. The application refuses it first
// when that hub is not live (ErrHubNotFound), and the repository with ErrNameTaken when a live
// company took the name meanwhile.
func (c *Company) Restore(by uuid.UUID, at time.Time) error {
	if err := record.Restore(&c.audit, by, at); err != nil {
		return err
	}
	c.emit(Restored)
	return nil
}

// The version and audit accessors (IsDeleted, Version, CreatedAt, CreatedBy, UpdatedAt,
// UpdatedBy, DeletedAt, DeletedBy) and CheckVersion are the embedded record.Audit's.

// ID is the company's identity; it never changes.
func (c *Company) ID() uuid.UUID { return c.id }

// Name is the normalized company name.
func (c *Company) Name() string { return c.details.Name }

// HubID is the hub the company belongs to.
func (c *Company) HubID() uuid.UUID { return c.details.HubID }

// ManagerID is the company manager's user id, or nil. The result is a copy.
func (c *Company) ManagerID() *uuid.UUID { return record.CopyPtr(c.details.ManagerID) }

// Address is the company's postal address.
func (c *Company) Address() Address { return c.details.Address }

// Details returns a copy of the user-chosen parts, the starting point of a partial change.
func (c *Company) Details() Details {
	d := c.details
	d.ManagerID = record.CopyPtr(d.ManagerID)
	return d
}
