package hub

import (
	"errors"
	"fmt"
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

// ErrCorruptState means a stored hub breaks an invariant no change could have produced (no id, no
// version, deleted without a deletion time). It is the storage's fault, never the caller's.
var ErrCorruptState = errors.New("stored hub state is inconsistent")

// UnmarshalFromDatabase rebuilds a hub from storage. It is meant for repositories only. It
// checks the aggregate's structural invariants, not the input rules of New and Change: a hub
// stored under older or looser rules (an imported name of 101 characters, say) must stay
// readable, and can be changed only into something the current rules accept.
func UnmarshalFromDatabase(s Snapshot) (*Hub, error) {
	if s.ID == uuid.Nil || s.Version < 1 || s.Deleted != (s.DeletedAt != nil) {
		return nil, fmt.Errorf("%w: hub %s version %d deleted %v", ErrCorruptState, s.ID, s.Version, s.Deleted)
	}
	return &Hub{
		id: s.ID, details: s.Details.clone(), deleted: s.Deleted, version: s.Version,
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
