package route

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/paging"
)

// Sortable properties of a route, in the contract's names. Repositories map them to storage and
// always add the route id (SortTieBreaker) as the final tie-breaker, in the direction of the last
// order, so the order is total and stable.
const (
	SortByDistanceKm      = "distanceKm"
	SortByDurationMinutes = "durationMinutes"
	SortByCreatedAt       = "createdAt"
	SortTieBreaker        = "routeId"
)

// SortableProperties lists every property a search may sort by.
var SortableProperties = []string{SortByDistanceKm, SortByDurationMinutes, SortByCreatedAt}

// DefaultSort is the order of a search that asks for none: newest first.
var DefaultSort = paging.Sort{{Property: SortByCreatedAt, Direction: paging.Desc}}

// SearchCondition filters routes. Nil fields do not filter, except Deleted: a search sees either
// the live routes (false) or the deleted ones (true), never both. The filters combine with AND:
// DepartureHubID with HubID finds the routes that leave DepartureHubID and have HubID at either
// end.
type SearchCondition struct {
	DepartureHubID *uuid.UUID
	ArrivalHubID   *uuid.UUID
	HubID          *uuid.UUID // either end
	Deleted        bool
}

// Matches reports whether r passes the condition: the plain-Go reference the adapter's search is
// compared with in the differential test, and the definition of every filter.
func (c SearchCondition) Matches(r *HubRoute) bool {
	return r.IsDeleted() == c.Deleted &&
		(c.DepartureHubID == nil || *c.DepartureHubID == r.departureHubID) &&
		(c.ArrivalHubID == nil || *c.ArrivalHubID == r.arrivalHubID) &&
		(c.HubID == nil || *c.HubID == r.departureHubID || *c.HubID == r.arrivalHubID)
}

// Repository stores routes: the aggregate for the commands (the queries read views through
// their own read-model ports). Every method runs in the transaction its ctx carries when there is
// one (the application's unit of work), else in one of its own. Implementations must be safe for
// concurrent use.
type Repository interface {
	// Create stores a new route and its events: an *ExistsError (ErrExists) when a live route has
	// the same ordered pair. That its hubs are live is the application's to check first, in the
	// same transaction, holding them against a concurrent deletion.
	Create(ctx context.Context, r *HubRoute) error
	// FindByID returns the route, deleted or not; ErrNotFound when there is none.
	FindByID(ctx context.Context, id uuid.UUID) (*HubRoute, error)
	// Update loads and locks the route, lets fn change it and stores the result and its events
	// atomically: when fn or the write fails, nothing changes. When fn leaves the version as it
	// was, nothing is written. It returns the route as stored. A restore into a pair a live route
	// holds is an *ExistsError. An expected version is fn's to check (CheckVersion), as for hubs.
	Update(ctx context.Context, id uuid.UUID, fn func(*HubRoute) error) (*HubRoute, error)
	// UpdateSelected is Update for every route sel selects, locked, in route-id order: fn runs
	// for each, and the ones it changed are stored with their events and returned, in that
	// order. It is the hub cascade's: run it in the transaction of the hub's change.
	UpdateSelected(ctx context.Context, sel Selection, fn func(*HubRoute) error) ([]*HubRoute, error)
	// PairTaken says whether a live route links departure to arrival.
	PairTaken(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (bool, error)
}

// Selection picks the routes of a hub cascade: either the live routes from or to a hub
// (LiveOfHub), or the deleted routes one deletion of a hub marked (DeletedWith).
type Selection struct {
	LiveOfHub   uuid.UUID
	DeletedWith *Cascade
}
