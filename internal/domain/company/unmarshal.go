package company

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored company, as an adapter reads it back.
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

// ErrCorruptState means a stored company breaks an invariant no change could have produced (no
// id, no hub, no version, deleted without a deletion time). It is the storage's fault, never the
// caller's.
var ErrCorruptState = errors.New("stored company state is inconsistent")

// UnmarshalFromDatabase rebuilds a company from storage. It is meant for repositories only. It
// checks the aggregate's structural invariants, not the input rules of New and Change: a company
// stored under older or looser rules stays readable, and can be changed only into something the
// current rules accept.
func UnmarshalFromDatabase(s Snapshot) (*Company, error) {
	a, err := record.Load[subject](record.Fields{Deleted: s.Deleted, Version: s.Version,
		CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: s.UpdatedAt, UpdatedBy: s.UpdatedBy,
		DeletedAt: s.DeletedAt, DeletedBy: s.DeletedBy})
	if err != nil || s.ID == uuid.Nil || s.Details.HubID == uuid.Nil {
		return nil, fmt.Errorf("%w: company %s version %d deleted %v", ErrCorruptState, s.ID, s.Version, s.Deleted)
	}
	d := s.Details
	d.ManagerID = record.CopyPtr(d.ManagerID)
	return &Company{audit: a, id: s.ID, details: d}, nil
}

// Snapshot returns every field, for repositories to write.
func (c *Company) Snapshot() Snapshot {
	f := record.FieldsOf(&c.audit)
	return Snapshot{ID: c.id, Details: c.Details(), Deleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy}
}
