package shipper

import (
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored shipper, as an adapter reads it back.
type Snapshot = record.Snapshot[Details]

// ErrCorruptState means a stored shipper breaks an invariant no change could have produced (no
// id, no hub, an unknown type, no version, deleted without a deletion time). It is the storage's
// fault, never the caller's.
var ErrCorruptState = errors.New("stored shipper state is inconsistent")

// UnmarshalFromDatabase rebuilds a shipper from storage. It is meant for repositories only.
func UnmarshalFromDatabase(s Snapshot) (*Shipper, error) {
	a, err := record.Stored[subject](s.ID, s.Fields, s.Details.HubID != uuid.Nil && s.Details.Type.Valid(), ErrCorruptState)
	if err != nil {
		return nil, err
	}
	return &Shipper{audit: a, id: s.ID, details: s.Details}, nil
}

// Snapshot returns every field, for repositories to write.
func (s *Shipper) Snapshot() Snapshot {
	return Snapshot{ID: s.id, Details: s.details, Fields: record.FieldsOf(&s.audit)}
}
