package query

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/route"
)

// AggregateRoute is the aggregate type of route events, in the events table and on the feed.
const AggregateRoute = "hub-route"

// RouteState is a route's public JSON: what GET /hub-routes/{id} answers and the state its
// events carry in the outbox (under "route" on the feed), so a route event is the same whichever
// release wrote it. The cascade mark is internal and not part of it.
type RouteState struct {
	RouteID         uuid.UUID  `json:"routeId"`
	DepartureHubID  uuid.UUID  `json:"departureHubId"`
	ArrivalHubID    uuid.UUID  `json:"arrivalHubId"`
	DistanceKm      float64    `json:"distanceKm"`
	DurationMinutes int        `json:"durationMinutes"`
	IsDeleted       bool       `json:"isDeleted"`
	Version         int64      `json:"version"`
	CreatedAt       time.Time  `json:"createdAt"`
	CreatedBy       uuid.UUID  `json:"createdBy"`
	UpdatedAt       time.Time  `json:"updatedAt"`
	UpdatedBy       uuid.UUID  `json:"updatedBy"`
	DeletedAt       *time.Time `json:"deletedAt"`
	DeletedBy       *uuid.UUID `json:"deletedBy"`
}

// RouteStateOf is the state an event of the route in snapshot s carries.
func RouteStateOf(s route.Snapshot) RouteState { return viewOfSnapshot(s).State() }

// State is the view's public JSON.
func (v RouteView) State() RouteState {
	return RouteState{
		RouteID: v.ID, DepartureHubID: v.DepartureHubID, ArrivalHubID: v.ArrivalHubID,
		DistanceKm: v.DistanceKm, DurationMinutes: v.DurationMinutes, IsDeleted: v.Deleted, Version: v.Version,
		CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy, UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy,
		DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy,
	}
}
