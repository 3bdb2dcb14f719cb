package company

import (
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored company, as an adapter reads it back.
type Snapshot = record.Snapshot[Details]

// ErrCorruptState means a stored company breaks an invariant no change could have produced (no
// id, no hub, no version, deleted without a deletion time). It is the storage's fault, never the
// caller's.
var ErrCorruptState = errors.New("stored company state is inconsistent")

// UnmarshalFromDatabase rebuilds a company from storage. It is meant for repositories only. It
// checks the aggregate's structural invariants, not the input rules of New and Change: a company
// stored under older or looser rules stays readable, and can be changed only into something the
// current rules accept.
func UnmarshalFromDatabase(s Snapshot) (*Company, error) {
	a, err := record.Stored[subject](s.ID, s.Fields, s.Details.HubID != uuid.Nil, ErrCorruptState)
	if err != nil {
		return nil, err
	}
	d := s.Details
	d.ManagerID = record.CopyPtr(d.ManagerID)
	return &Company{audit: a, id: s.ID, details: d}, nil
}

// Snapshot returns every field, for repositories to write.
func (c *Company) Snapshot() Snapshot {
	return Snapshot{ID: c.id, Details: c.Details(), Fields: record.FieldsOf(&c.audit)}
}
