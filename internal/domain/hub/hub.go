package hub

import (
	"time"

	"github.com/google/uuid"
)

// Hub is the aggregate root. Its fields are unexported so that every change goes through a
// method that checks the rules, bumps the version and records who changed it and when.
type Hub struct {
	id      uuid.UUID
	details Details
	deleted bool
	version int64

	createdAt time.Time
	createdBy uuid.UUID
	updatedAt time.Time
	updatedBy uuid.UUID
	deletedAt *time.Time
	deletedBy *uuid.UUID

	events []Event // recorded by the changes, stored by the repository with them
}

// New creates a live hub at version 1 with a fresh time-ordered id (UUIDv7, which keeps the
// primary-key index append-mostly).
func New(d Details, by uuid.UUID, at time.Time) (*Hub, error) {
	d, err := d.normalize()
	if err != nil {
		return nil, err
	}
	if err := checkActor(by); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	at = normalizeTime(at)
	h := &Hub{
		id: id, details: d, version: 1,
		createdAt: at, createdBy: by, updatedAt: at, updatedBy: by,
	}
	h.record(Created)
	return h, nil
}

// Change replaces the user-chosen details of a live hub. Details equal to the current ones are
// not a change: the version and the audit fields stay as they are, so ETags stay valid.
func (h *Hub) Change(d Details, by uuid.UUID, at time.Time) error {
	if h.deleted {
		return ErrDeleted
	}
	d, err := d.normalize()
	if err != nil {
		return err
	}
	if err := checkActor(by); err != nil {
		return err
	}
	if d.equal(h.details) {
		return nil
	}
	h.details = d
	h.touch(by, at)
	h.record(Updated)
	return nil
}

// Delete soft-deletes a live hub; its name becomes free for other hubs.
func (h *Hub) Delete(by uuid.UUID, at time.Time) error {
	if h.deleted {
		return ErrDeleted
	}
	if err := checkActor(by); err != nil {
		return err
	}
	h.touch(by, at)
	h.deleted = true
	at, by = h.updatedAt, h.updatedBy
	h.deletedAt, h.deletedBy = &at, &by
	h.record(Deleted)
	return nil
}

// Restore brings a deleted hub back. The repository refuses it with ErrNameTaken when a live
// hub took the name meanwhile.
func (h *Hub) Restore(by uuid.UUID, at time.Time) error {
	if !h.deleted {
		return ErrNotDeleted
	}
	if err := checkActor(by); err != nil {
		return err
	}
	h.touch(by, at)
	h.deleted = false
	h.deletedAt = nil
	h.deletedBy = nil
	h.record(Restored)
	return nil
}

func (h *Hub) touch(by uuid.UUID, at time.Time) {
	h.version++
	h.updatedAt = normalizeTime(at)
	h.updatedBy = by
}

func checkActor(by uuid.UUID) error {
	if by == uuid.Nil {
		return &ValidationError{Of: ErrInvalid, Fields: []FieldError{{Field: "actor", Message: "is required"}}}
	}
	return nil
}

// normalizeTime keeps what PostgreSQL keeps (UTC, microseconds), so a hub read back equals the
// hub that was written.
func normalizeTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
