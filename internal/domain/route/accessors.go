package route

import (
	"time"

	"github.com/google/uuid"
)

// ID is the route's identity; it never changes.
func (r *HubRoute) ID() uuid.UUID { return r.id }

// DepartureHubID is the hub the route leaves from; it never changes.
func (r *HubRoute) DepartureHubID() uuid.UUID { return r.departureHubID }

// ArrivalHubID is the hub the route arrives at; it never changes.
func (r *HubRoute) ArrivalHubID() uuid.UUID { return r.arrivalHubID }

// Figures are the distance and the duration, the starting point of a partial change.
func (r *HubRoute) Figures() Figures { return r.figures }

// DistanceKm is the road distance in kilometres, with at most three decimals.
func (r *HubRoute) DistanceKm() float64 { return r.figures.DistanceKm }

// DurationMinutes is the usual driving time in whole minutes.
func (r *HubRoute) DurationMinutes() int { return r.figures.DurationMinutes }

// IsDeleted reports whether the route is soft-deleted.
func (r *HubRoute) IsDeleted() bool { return r.deleted }

// Version starts at 1 and grows by one with every change.
func (r *HubRoute) Version() int64 { return r.version }

// CreatedAt is when the route was created, in UTC.
func (r *HubRoute) CreatedAt() time.Time { return r.createdAt }

// CreatedBy is the user who created the route.
func (r *HubRoute) CreatedBy() uuid.UUID { return r.createdBy }

// UpdatedAt is when the route last changed (its creation, at first), in UTC.
func (r *HubRoute) UpdatedAt() time.Time { return r.updatedAt }

// UpdatedBy is the user who changed the route last.
func (r *HubRoute) UpdatedBy() uuid.UUID { return r.updatedBy }

// DeletedAt is when the route was deleted, or nil while it is live.
func (r *HubRoute) DeletedAt() *time.Time { return copyPtr(r.deletedAt) }

// DeletedBy is who deleted the route, or nil while it is live.
func (r *HubRoute) DeletedBy() *uuid.UUID { return copyPtr(r.deletedBy) }

// DeletedWith names the hub deletion that removed the route, or nil when the route is live or
// was deleted by itself. It is internal state for the cascade, not part of the route's JSON.
func (r *HubRoute) DeletedWith() *Cascade { return copyPtr(r.deletedWith) }

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
