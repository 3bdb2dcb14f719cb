package record

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// Audit is the version and the audit trail of one aggregate root. Its fields are unexported:
// only this package's transitions change them, each bumping the version by one and recording
// who changed the record and when. The zero value is no valid record; Start or Load make one.
type Audit[S Subject] struct {
	version   int64
	createdAt time.Time
	createdBy uuid.UUID
	updatedAt time.Time
	updatedBy uuid.UUID
	deletedAt *time.Time // non-nil exactly while the record is deleted
	deletedBy *uuid.UUID
}

// Fields are an Audit's values as a repository stores them, for Load and FieldsOf.
type Fields struct {
	Deleted   bool
	Version   int64
	CreatedAt time.Time
	CreatedBy uuid.UUID
	UpdatedAt time.Time
	UpdatedBy uuid.UUID
	DeletedAt *time.Time
	DeletedBy *uuid.UUID
}

// ErrCorruptFields means stored audit fields break an invariant no transition could have
// produced (no version, deleted without a deletion time or the other way round). The aggregate
// answers it with its own corruption error, which names the record.
var ErrCorruptFields = errors.New("stored audit fields are inconsistent")

// NormalizeTime keeps what PostgreSQL keeps (UTC, microseconds), so a record read back equals
// the record that was written.
func NormalizeTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CheckActor adds the field error of a missing actor: every change is someone's.
func CheckActor(v *kernel.Validator, by uuid.UUID) {
	if by == uuid.Nil {
		v.Add("actor", "is required")
	}
}

// Start is the audit of a record created by by at at: live, at version 1. The caller checks the
// actor first (CheckActor), with its other fields, so one answer names every field to fix.
func Start[S Subject](by uuid.UUID, at time.Time) Audit[S] {
	at = NormalizeTime(at)
	return Audit[S]{version: 1, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by}
}

// Load rebuilds an audit from storage, normalizing its times; ErrCorruptFields when the fields
// break an invariant.
func Load[S Subject](f Fields) (Audit[S], error) {
	if f.Version < 1 || f.Deleted != (f.DeletedAt != nil) {
		return Audit[S]{}, ErrCorruptFields
	}
	return Audit[S]{
		version:   f.Version,
		createdAt: NormalizeTime(f.CreatedAt), createdBy: f.CreatedBy,
		updatedAt: NormalizeTime(f.UpdatedAt), updatedBy: f.UpdatedBy,
		deletedAt: normalizePtrTime(f.DeletedAt), deletedBy: CopyPtr(f.DeletedBy),
	}, nil
}

// CheckStored is nil when the stored record id, of fields f, holds what Load checks and ok (the
// aggregate's own structural invariants), else corrupt (the aggregate's ErrCorruptState) naming
// the record. Adapters that scan views without building the aggregate check them with it too: a
// view must not show what no aggregate could be.
func CheckStored(corrupt error, noun string, id uuid.UUID, f *Fields, ok bool) error {
	if id == uuid.Nil || f.Version < 1 || f.Deleted != (f.DeletedAt != nil) || !ok {
		return fmt.Errorf("%w: %s %s version %d deleted %v", corrupt, noun, id, f.Version, f.Deleted)
	}
	return nil
}

// Stored is Load for an aggregate's UnmarshalFromDatabase: the audit of the stored record id,
// or corrupt naming the record when CheckStored fails.
func Stored[S Subject](id uuid.UUID, f Fields, ok bool, corrupt error) (Audit[S], error) {
	if err := CheckStored(corrupt, sentinels[S]().Noun, id, &f, ok); err != nil {
		return Audit[S]{}, err
	}
	return Load[S](f)
}

// FieldsOf returns a's values for a repository to write; the pointers are copies.
func FieldsOf[S Subject](a *Audit[S]) Fields {
	return Fields{
		Deleted: a.IsDeleted(), Version: a.version,
		CreatedAt: a.createdAt, CreatedBy: a.createdBy, UpdatedAt: a.updatedAt, UpdatedBy: a.updatedBy,
		DeletedAt: a.DeletedAt(), DeletedBy: a.DeletedBy(),
	}
}

// CheckChange is nil for a live record, else the aggregate's Deleted sentinel: a deleted record
// cannot be changed; restore it first.
func CheckChange[S Subject](a *Audit[S]) error {
	if a.IsDeleted() {
		return sentinels[S]().Deleted
	}
	return nil
}

// Touch records a change by by at at: the version grows by one. The caller has checked the
// change and its actor.
func Touch[S Subject](a *Audit[S], by uuid.UUID, at time.Time) {
	a.version++
	a.updatedAt = NormalizeTime(at)
	a.updatedBy = by
}

// Delete soft-deletes a live record: the aggregate's Deleted sentinel when it is deleted
// already, a *kernel.ValidationError of its Invalid one without an actor. The deletion is a
// change (Touch) whose time and actor are also the deletion's.
func Delete[S Subject](a *Audit[S], by uuid.UUID, at time.Time) error {
	if err := CheckChange(a); err != nil {
		return err
	}
	if err := checkActor[S](by); err != nil {
		return err
	}
	Touch(a, by, at)
	at, by = a.updatedAt, a.updatedBy
	a.deletedAt, a.deletedBy = &at, &by
	return nil
}

// Restore brings a deleted record back: the aggregate's NotDeleted sentinel when it is live, a
// *kernel.ValidationError of its Invalid one without an actor.
func Restore[S Subject](a *Audit[S], by uuid.UUID, at time.Time) error {
	if !a.IsDeleted() {
		return sentinels[S]().NotDeleted
	}
	if err := checkActor[S](by); err != nil {
		return err
	}
	Touch(a, by, at)
	a.deletedAt, a.deletedBy = nil, nil
	return nil
}

func checkActor[S Subject](by uuid.UUID) error {
	var v kernel.Validator
	CheckActor(&v, by)
	return v.Err(sentinels[S]().Invalid)
}

// IsDeleted reports whether the record is soft-deleted.
func (a *Audit[S]) IsDeleted() bool { return a.deletedAt != nil }

// Version starts at 1 and grows by one with every change.
func (a *Audit[S]) Version() int64 { return a.version }

// CreatedAt is when the record was created, in UTC.
func (a *Audit[S]) CreatedAt() time.Time { return a.createdAt }

// CreatedBy is the user who created the record.
func (a *Audit[S]) CreatedBy() uuid.UUID { return a.createdBy }

// UpdatedAt is when the record last changed (its creation, at first), in UTC.
func (a *Audit[S]) UpdatedAt() time.Time { return a.updatedAt }

// UpdatedBy is the user who changed the record last.
func (a *Audit[S]) UpdatedBy() uuid.UUID { return a.updatedBy }

// DeletedAt is when the record was deleted, or nil while it is live. The result is a copy.
func (a *Audit[S]) DeletedAt() *time.Time { return CopyPtr(a.deletedAt) }

// DeletedBy is who deleted the record, or nil while it is live. The result is a copy.
func (a *Audit[S]) DeletedBy() *uuid.UUID { return CopyPtr(a.deletedBy) }

// CheckVersion is nil when expected is the record's version, else a *VersionMismatchError
// naming the current one. It tells the version, so call it only after deciding that the caller
// may see and change the record: a check before would answer a stale version before not found
// or forbidden, and so tell an outsider that the record exists.
func (a *Audit[S]) CheckVersion(expected int64) error {
	if expected != a.version {
		return &VersionMismatchError[S]{Current: a.version}
	}
	return nil
}

// CopyPtr returns a pointer to a copy of *p, or nil: an aggregate hands out no pointer into
// itself.
func CopyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func normalizePtrTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := NormalizeTime(*t)
	return &n
}

// Snapshot is every field of a stored record whose own state is one Details value (a hub's, a
// shipper's, a company's), as an adapter reads it back: its id, its details and its audit.
// Such an aggregate names it as its own Snapshot, an alias of this one.
type Snapshot[D any] struct {
	ID      uuid.UUID
	Details D
	Fields  // the audit: version, creation, last change, deletion
}

// Change is a checked change of a live record's own state *cur by by at at: the aggregate's
// Deleted sentinel for a deleted record; else next makes the new state, adding the field errors
// of what it checks, and with a missing actor those are one *kernel.ValidationError of the
// aggregate's Invalid sentinel. A new state equal to the current one (equal) is no change
// (false): the version and the audit fields stay as they are, so ETags stay valid. Otherwise
// *cur becomes it and the change is recorded (Touch); the caller then emits its event.
func Change[S Subject, T any](a *Audit[S], cur *T, by uuid.UUID, at time.Time, next func(*kernel.Validator) T, equal func(x, y T) bool) (bool, error) {
	if err := CheckChange(a); err != nil {
		return false, err
	}
	var v kernel.Validator
	n := next(&v)
	CheckActor(&v, by)
	if err := v.Err(sentinels[S]().Invalid); err != nil {
		return false, err
	}
	if equal(n, *cur) {
		return false, nil
	}
	*cur = n
	Touch(a, by, at)
	return true, nil
}

// Same is == for Change's equal, for states that compare with it.
func Same[T comparable](x, y T) bool { return x == y }
