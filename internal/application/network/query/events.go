package query

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/domain/network"
)

// The feed's aggregate types the network follows.
const (
	hubAggregate   = "hub"
	routeAggregate = "hub-route"
)

// hubState is what the network reads of a hub event's state (the hub's public JSON).
type hubState struct {
	IsDeleted *bool `json:"isDeleted"`
}

// routeState is what the network reads of a route event's state (the route's public JSON).
type routeState struct {
	DepartureHubID  uuid.UUID `json:"departureHubId"`
	ArrivalHubID    uuid.UUID `json:"arrivalHubId"`
	DistanceKm      float64   `json:"distanceKm"`
	DurationMinutes int       `json:"durationMinutes"`
	IsDeleted       *bool     `json:"isDeleted"`
}

// changeOf is the change of the graph an event makes, if any. It reads the state after the
// change, not the event's type: a live hub is a node, a deleted one is not; a live route is an
// edge (put: created, updated, restored), a deleted one is not. Every change is idempotent, so the
// graph depends only on the last state of each hub and route it has seen. Events of other
// aggregates change nothing (ok false).
func changeOf(e feed.Event) (c network.Change, ok bool, err error) {
	switch e.AggregateType {
	case hubAggregate:
		var s hubState
		if err := json.Unmarshal(e.State, &s); err != nil || s.IsDeleted == nil {
			return c, false, fmt.Errorf("event %d (%s): unreadable hub state: %v", e.Seq, e.Type, err)
		}
		if *s.IsDeleted {
			return network.RemoveNode(e.AggregateID), true, nil
		}
		return network.AddNode(e.AggregateID), true, nil
	case routeAggregate:
		var s routeState
		if err := json.Unmarshal(e.State, &s); err != nil || s.IsDeleted == nil {
			return c, false, fmt.Errorf("event %d (%s): unreadable route state: %v", e.Seq, e.Type, err)
		}
		if *s.IsDeleted {
			return network.RemoveEdge(e.AggregateID), true, nil
		}
		return network.PutEdge(network.Edge{RouteID: e.AggregateID, From: s.DepartureHubID, To: s.ArrivalHubID,
			DistanceKm: s.DistanceKm, DurationMinutes: s.DurationMinutes}), true, nil
	}
	return c, false, nil
}
