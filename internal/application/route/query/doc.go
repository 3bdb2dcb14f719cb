// Package query holds the read model the hub route's queries return (RouteView) with its public
// JSON (RouteState). The get and the search are readmodel's (Get, Search) over the route's views
// (readmodel.Views), which the adapter scans rows straight into.
package query

import (
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/domain/route"
)

// RouteView is the read model of a route: flat, immutable values, nothing to call.
type RouteView struct {
	ID              uuid.UUID
	DepartureHubID  uuid.UUID
	ArrivalHubID    uuid.UUID
	DistanceKm      float64
	DurationMinutes int
	record.Fields
}

// ViewOf reads a route into its read model; the command side's results are shown through it too.
func ViewOf(r *route.HubRoute) RouteView { return viewOfSnapshot(r.Snapshot()) }

func viewOfSnapshot(s route.Snapshot) RouteView {
	return RouteView{
		ID: s.ID, DepartureHubID: s.DepartureHubID, ArrivalHubID: s.ArrivalHubID,
		DistanceKm: s.Figures.DistanceKm, DurationMinutes: s.Figures.DurationMinutes,
		Fields: s.Fields,
	}
}
