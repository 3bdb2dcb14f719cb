package route

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// HubRoute is the aggregate root: a directed link from a departure hub to an arrival hub. Its
// fields are unexported so that every change goes through a method that checks the rules, bumps
// the version and records who changed it and when. Its hubs are fixed at creation. The embedded
// audit gives its version and audit accessors (Version, CreatedAt, DeletedBy, ..., CheckVersion).
type HubRoute struct {
	audit
	id             uuid.UUID
	departureHubID uuid.UUID
	arrivalHubID   uuid.UUID
	figures        Figures
	// deletedWith is set while the route is deleted because one of its hubs was: the mark by
	// which restoring that hub finds the routes its deletion removed, and only those.
	deletedWith *Cascade

	events record.Events[Event] // recorded by the changes, stored by the repository with them
}

// audit is the route's version and audit trail, shared with every aggregate (package record);
// the alias keeps the embedded field unexported.
type audit = record.Audit[subject]

// Cascade names one deletion of a hub: the hub and the version its deletion gave it. A deleted
// hub cannot change, so the version it has when it is restored names the same deletion; a route
// that an earlier deletion of the same hub removed (and that its restore could not bring back)
// carries another version and stays deleted.
type Cascade struct {
	HubID      uuid.UUID
	HubVersion int64
}

// New creates a live route at version 1 with a fresh time-ordered id (UUIDv7). ends are the
// hubs' locations, for the great-circle rule; that the hubs exist and are live is the
// application's to check first (HubNotFound), and that no live route has the pair is the
// repository's (ErrExists).
func New(departureHubID, arrivalHubID uuid.UUID, f Figures, ends Ends, by uuid.UUID, at time.Time) (*HubRoute, error) {
	var v kernel.Validator
	if departureHubID == uuid.Nil {
		v.Add("departureHubId", "is required")
	}
	switch arrivalHubID {
	case uuid.Nil:
		v.Add("arrivalHubId", "is required")
	case departureHubID:
		v.Add("arrivalHubId", "must be another hub than departureHubId")
	}
	f.check(&v, ends)
	record.CheckActor(&v, by)
	if err := v.Err(ErrInvalid); err != nil {
		return nil, err
	}
	r := &HubRoute{
		audit: record.Start[subject](by, at), id: record.NewID(),
		departureHubID: departureHubID, arrivalHubID: arrivalHubID, figures: f,
	}
	r.emit(Created)
	return r, nil
}

// Update replaces the figures of a live route. ends are the hubs' locations as they are now; the
// great-circle rule is checked against them when the distance changes, and only then: a change
// of the duration alone must not be refused for a distance the caller did not touch (one written
// before a hub moved, or a seeded one; see the package documentation). Figures equal to the
// current ones are not a change: the version and the audit fields stay as they are, so ETags
// stay valid.
func (r *HubRoute) Update(f Figures, ends Ends, by uuid.UUID, at time.Time) error {
	if f.DistanceKm == r.figures.DistanceKm {
		ends = Ends{}
	}
	changed, err := record.Change(&r.audit, &r.figures, by, at, func(v *kernel.Validator) Figures {
		f.check(v, ends)
		return f
	}, record.Same[Figures])
	if changed {
		r.emit(Updated)
	}
	return err
}

// CheckSameHubs refuses a replacement (PUT) or merge patch that names other hubs than the
// route's, naming each field: a route's hubs never change; delete it and create another. A nil
// id was not given and is not a change.
func (r *HubRoute) CheckSameHubs(departureHubID, arrivalHubID *uuid.UUID) error {
	var v kernel.Validator
	if departureHubID != nil && *departureHubID != r.departureHubID {
		v.Add("departureHubId", "cannot change; delete the route and create another")
	}
	if arrivalHubID != nil && *arrivalHubID != r.arrivalHubID {
		v.Add("arrivalHubId", "cannot change; delete the route and create another")
	}
	return v.Err(ErrInvalid)
}

// Delete soft-deletes a live route; its pair of hubs becomes free for another route.
func (r *HubRoute) Delete(by uuid.UUID, at time.Time) error {
	return r.delete(nil, by, at)
}

// DeleteWithHub soft-deletes a live route because one of its hubs is being deleted, in the same
// transaction; c names that deletion, so that restoring the hub restores this route
// (RestoreWithHub). A route that is already deleted stays as it is: ErrDeleted, which the
// cascade's adapter avoids by selecting live routes only.
func (r *HubRoute) DeleteWithHub(c Cascade, by uuid.UUID, at time.Time) error {
	if c.HubID != r.departureHubID && c.HubID != r.arrivalHubID || c.HubVersion < 1 {
		return &ValidationError{Of: ErrInvalid, Fields: []FieldError{{Field: "hubId", Message: "is not an end of the route"}}}
	}
	return r.delete(&c, by, at)
}

func (r *HubRoute) delete(c *Cascade, by uuid.UUID, at time.Time) error {
	if err := record.Delete(&r.audit, by, at); err != nil {
		return err
	}
	r.deletedWith = c
	r.emit(Deleted)
	return nil
}

// Restore brings a deleted route back. The application refuses it first when a hub is not live
// (HubNotFound), and the repository when a live route took the pair meanwhile (ErrExists).
func (r *HubRoute) Restore(by uuid.UUID, at time.Time) error {
	return r.restore(by, at)
}

// RestoreWithHub restores a route that the deletion c of one of its hubs removed, as part of
// restoring that hub; any other route is ErrNotDeletedWithHub. That the other hub is live and
// the pair free is the cascade adapter's to check: the contract leaves such a route deleted.
func (r *HubRoute) RestoreWithHub(c Cascade, by uuid.UUID, at time.Time) error {
	if !r.IsDeleted() {
		return ErrNotDeleted
	}
	if r.deletedWith == nil || *r.deletedWith != c {
		return ErrNotDeletedWithHub
	}
	return r.restore(by, at)
}

func (r *HubRoute) restore(by uuid.UUID, at time.Time) error {
	if err := record.Restore(&r.audit, by, at); err != nil {
		return err
	}
	r.deletedWith = nil
	r.emit(Restored)
	return nil
}
