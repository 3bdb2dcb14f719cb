package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/route"
)

// AggregateRoute is the aggregate type of route events, in the events table and on the feed.
const AggregateRoute = "hub-route"

// RouteState is a route's public JSON: what GET /hub-routes/{id} answers and the state its
// events carry in the outbox (under "route" on the feed), so a route event is the same whichever
// release wrote it. The cascade mark is internal and not part of it.
type RouteState struct {
	RouteID         uuid.UUID `json:"routeId"`
	DepartureHubID  uuid.UUID `json:"departureHubId"`
	ArrivalHubID    uuid.UUID `json:"arrivalHubId"`
	DistanceKm      float64   `json:"distanceKm"`
	DurationMinutes int       `json:"durationMinutes"`
	readmodel.Audit
}

// RouteStateOf is the state an event of the route in snapshot s carries.
func RouteStateOf(s route.Snapshot) RouteState { return viewOfSnapshot(s).State() }

// State is the view's public JSON.
func (v RouteView) State() RouteState {
	return RouteState{
		RouteID: v.ID, DepartureHubID: v.DepartureHubID, ArrivalHubID: v.ArrivalHubID,
		DistanceKm: v.DistanceKm, DurationMinutes: v.DurationMinutes, Audit: readmodel.AuditOf(v.Fields),
	}
}
