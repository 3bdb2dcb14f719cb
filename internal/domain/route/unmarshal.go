package route

import (
	"errors"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Snapshot is every field of a stored route, as an adapter reads it back.
type Snapshot struct {
	ID             uuid.UUID
	DepartureHubID uuid.UUID
	ArrivalHubID   uuid.UUID
	Figures        Figures
	record.Fields           // the audit: version, creation, last change, deletion
	DeletedWith    *Cascade // see HubRoute.DeletedWith
}

// ErrCorruptState means a stored route breaks an invariant no change could have produced (no id,
// no hub, a loop, no version, deleted without a deletion time, a cascade mark on a live route).
// It is the storage's fault, never the caller's.
var ErrCorruptState = errors.New("stored route state is inconsistent")

// UnmarshalFromDatabase rebuilds a route from storage. It is meant for repositories only. It
// checks the aggregate's structural invariants, not the input rules of New and Update: a route
// stored under older or looser rules stays readable, and can be changed only into something the
// current rules accept.
func UnmarshalFromDatabase(s Snapshot) (*HubRoute, error) {
	a, err := record.Stored[subject](s.ID, s.Fields, s.DepartureHubID != uuid.Nil && s.ArrivalHubID != uuid.Nil &&
		s.DepartureHubID != s.ArrivalHubID && (s.DeletedWith == nil || s.Deleted), ErrCorruptState)
	if err != nil {
		return nil, err
	}
	return &HubRoute{
		audit: a, id: s.ID, departureHubID: s.DepartureHubID, arrivalHubID: s.ArrivalHubID,
		figures: s.Figures, deletedWith: record.CopyPtr(s.DeletedWith),
	}, nil
}

// Snapshot returns every field, for repositories to write.
func (r *HubRoute) Snapshot() Snapshot {
	return Snapshot{ID: r.id, DepartureHubID: r.departureHubID, ArrivalHubID: r.arrivalHubID,
		Figures: r.figures, Fields: record.FieldsOf(&r.audit), DeletedWith: record.CopyPtr(r.deletedWith)}
}
