package shipper

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored shipper, as an adapter reads it back.
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

// ErrCorruptState means a stored shipper breaks an invariant no change could have produced (no
// id, no hub, an unknown type, no version, deleted without a deletion time). It is the storage's
// fault, never the caller's.
var ErrCorruptState = errors.New("stored shipper state is inconsistent")

// UnmarshalFromDatabase rebuilds a shipper from storage. It is meant for repositories only.
func UnmarshalFromDatabase(s Snapshot) (*Shipper, error) {
	a, err := record.Load[subject](record.Fields{Deleted: s.Deleted, Version: s.Version,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
		DeletedAt: s.DeletedAt, DeletedBy: s.DeletedBy})
	if err != nil || s.ID == uuid.Nil || s.Details.HubID == uuid.Nil || !s.Details.Type.Valid() {
		return nil, fmt.Errorf("%w: shipper %s version %d deleted %v", ErrCorruptState, s.ID, s.Version, s.Deleted)
	}
	return &Shipper{audit: a, id: s.ID, details: s.Details}, nil
}

// Snapshot returns every field, for repositories to write.
func (s *Shipper) Snapshot() Snapshot {
	f := record.FieldsOf(&s.audit)
	return Snapshot{ID: s.id, Details: s.details, Deleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy}
}
