package route

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Snapshot is every field of a stored route, as an adapter reads it back.
type Snapshot struct {
	ID             uuid.UUID
	DepartureHubID uuid.UUID
	ArrivalHubID   uuid.UUID
	Figures        Figures
	Deleted        bool
	Version        int64
	CreatedAt      time.Time
	CreatedBy      uuid.UUID
	UpdatedAt      time.Time
	UpdatedBy      uuid.UUID
	DeletedAt      *time.Time
	DeletedBy      *uuid.UUID
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
	if s.ID == uuid.Nil || s.DepartureHubID == uuid.Nil || s.ArrivalHubID == uuid.Nil ||
		s.DepartureHubID == s.ArrivalHubID || s.Version < 1 || s.Deleted != (s.DeletedAt != nil) ||
		(s.DeletedWith != nil && !s.Deleted) {
		return nil, fmt.Errorf("%w: route %s version %d deleted %v", ErrCorruptState, s.ID, s.Version, s.Deleted)
	}
	return &HubRoute{
		id: s.ID, departureHubID: s.DepartureHubID, arrivalHubID: s.ArrivalHubID,
		figures: s.Figures, deleted: s.Deleted, version: s.Version,
		createdAt: normalizeTime(s.CreatedAt), createdBy: s.CreatedBy,
		updatedAt: normalizeTime(s.UpdatedAt), updatedBy: s.UpdatedBy,
		deletedAt: normalizePtrTime(s.DeletedAt), deletedBy: copyPtr(s.DeletedBy),
		deletedWith: copyPtr(s.DeletedWith),
	}, nil
}

// Snapshot returns every field, for repositories to write.
func (r *HubRoute) Snapshot() Snapshot {
	return Snapshot{
		ID: r.id, DepartureHubID: r.departureHubID, ArrivalHubID: r.arrivalHubID,
		Figures: r.figures, Deleted: r.deleted, Version: r.version,
		CreatedAt: r.createdAt, CreatedBy: r.createdBy,
		UpdatedAt: r.updatedAt, UpdatedBy: r.updatedBy,
		DeletedAt: copyPtr(r.deletedAt), DeletedBy: copyPtr(r.deletedBy),
		DeletedWith: copyPtr(r.deletedWith),
	}
}

func normalizePtrTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := normalizeTime(*t)
	return &n
}
