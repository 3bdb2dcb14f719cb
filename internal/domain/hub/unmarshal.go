package hub

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
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
	a, err := record.Load[subject](record.Fields{Deleted: s.Deleted, Version: s.Version,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
		DeletedAt: s.DeletedAt, DeletedBy: s.DeletedBy})
	if err != nil || s.ID == uuid.Nil {
		return nil, fmt.Errorf("%w: hub %s version %d deleted %v", ErrCorruptState, s.ID, s.Version, s.Deleted)
	}
	return &Hub{audit: a, id: s.ID, details: s.Details.clone()}, nil
}

// Snapshot returns every field, for repositories to write.
func (h *Hub) Snapshot() Snapshot {
	f := record.FieldsOf(&h.audit)
	return Snapshot{ID: h.id, Details: h.details.clone(), Deleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy}
}
