package hub

import (
	"errors"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored hub, as an adapter reads it back.
type Snapshot = record.Snapshot[Details]

// ErrCorruptState means a stored hub breaks an invariant no change could have produced (no id, no
// version, deleted without a deletion time). It is the storage's fault, never the caller's.
var ErrCorruptState = errors.New("stored hub state is inconsistent")

// UnmarshalFromDatabase rebuilds a hub from storage. It is meant for repositories only. It
// checks the aggregate's structural invariants, not the input rules of New and Change: a hub
// stored under older or looser rules (an imported name of 101 characters, say) must stay
// readable, and can be changed only into something the current rules accept.
func UnmarshalFromDatabase(s Snapshot) (*Hub, error) {
	a, err := record.Stored[subject](s.ID, s.Fields, true, ErrCorruptState)
	if err != nil {
		return nil, err
	}
	return &Hub{audit: a, id: s.ID, details: s.Details.clone()}, nil
}

// Snapshot returns every field, for repositories to write.
func (h *Hub) Snapshot() Snapshot {
	return Snapshot{ID: h.id, Details: h.details.clone(), Fields: record.FieldsOf(&h.audit)}
}
