package hub

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Hub is the aggregate root. Its fields are unexported so that every change goes through a
// method that checks the rules, bumps the version and records who changed it and when. The
// embedded audit gives its version and audit accessors (Version, CreatedAt, DeletedBy, ...,
// CheckVersion).
type Hub struct {
	audit
	id      uuid.UUID
	details Details
	events  record.Events[Event] // recorded by the changes, stored by the repository with them
}

// audit is the hub's version and audit trail, shared with every aggregate (package record); the
// alias keeps the embedded field unexported.
type audit = record.Audit[subject]

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
	h := &Hub{audit: record.Start[subject](by, at), id: record.NewID(), details: d}
	h.emit(Created)
	return h, nil
}

// Change replaces the user-chosen details of a live hub. Details equal to the current ones are
// not a change: the version and the audit fields stay as they are, so ETags stay valid.
func (h *Hub) Change(d Details, by uuid.UUID, at time.Time) error {
	if err := record.CheckChange(&h.audit); err != nil {
		return err
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
	record.Touch(&h.audit, by, at)
	h.emit(Updated)
	return nil
}

// Delete soft-deletes a live hub; its name becomes free for other hubs.
func (h *Hub) Delete(by uuid.UUID, at time.Time) error {
	if err := record.Delete(&h.audit, by, at); err != nil {
		return err
	}
	h.emit(Deleted)
	return nil
}

// Restore brings a deleted hub back. The repository refuses it with ErrNameTaken when a live
// hub took the name meanwhile.
func (h *Hub) Restore(by uuid.UUID, at time.Time) error {
	if err := record.Restore(&h.audit, by, at); err != nil {
		return err
	}
	h.emit(Restored)
	return nil
}

func checkActor(by uuid.UUID) error {
	var v validator
	record.CheckActor(&v.Validator, by)
	return v.err()
}
