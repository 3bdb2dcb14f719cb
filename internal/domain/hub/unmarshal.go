package hub

import (
	"time"

	"github.com/google/uuid"
)

// Snapshot is every field of a stored hub, as an adapter reads it back.
type Snapshot struct {
	ID        uuid.UUID
	Details   Details
	Deleted   bool
	Version   int64
	CreatedAt time.Time
	CreatedBy uuid.UUID
	UpdatedAt time.Time
	UpdatedBy uuid.UUID
	DeletedAt *time.Time
	DeletedBy *uuid.UUID
}

// UnmarshalFromDatabase rebuilds a hub from storage. It is meant for repositories only: it
// skips nothing a constructor would check, so a corrupt row is an error, not a bad aggregate.
func UnmarshalFromDatabase(s Snapshot) (*Hub, error) {
	d, err := s.Details.normalize()
	if err != nil {
		return nil, err
	}
	if s.ID == uuid.Nil || s.Version < 1 || s.Deleted != (s.DeletedAt != nil) {
		return nil, &ValidationError{Fields: []FieldError{{Field: "hub", Message: "stored state is inconsistent"}}}
	}
	return &Hub{
		id: s.ID, details: d, deleted: s.Deleted, version: s.Version,
		createdAt: normalizeTime(s.CreatedAt), createdBy: s.CreatedBy,
		updatedAt: normalizeTime(s.UpdatedAt), updatedBy: s.UpdatedBy,
		deletedAt: normalizePtrTime(s.DeletedAt), deletedBy: copyPtr(s.DeletedBy),
	}, nil
}

// Snapshot returns every field, for repositories to write.
func (h *Hub) Snapshot() Snapshot {
	return Snapshot{
		ID: h.id, Details: h.details.clone(), Deleted: h.deleted, Version: h.version,
		CreatedAt: h.createdAt, CreatedBy: h.createdBy,
		UpdatedAt: h.updatedAt, UpdatedBy: h.updatedBy,
		DeletedAt: copyPtr(h.deletedAt), DeletedBy: copyPtr(h.deletedBy),
	}
}

func normalizePtrTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := normalizeTime(*t)
	return &n
}
