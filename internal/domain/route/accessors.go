package route

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// The version and audit accessors (IsDeleted, Version, CreatedAt, CreatedBy, UpdatedAt,
// UpdatedBy, DeletedAt, DeletedBy) and CheckVersion are the embedded record.Audit's.

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

// DeletedWith names the hub deletion that removed the route, or nil when the route is live or
// was deleted by itself. It is internal state for the cascade, not part of the route's JSON.
func (r *HubRoute) DeletedWith() *Cascade { return record.CopyPtr(r.deletedWith) }
