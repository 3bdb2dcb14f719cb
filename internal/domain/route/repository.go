package route

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
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

// Repository stores routes. Implementations must be safe for concurrent use.
type Repository interface {
	// Create stores a new route: an *ExistsError (ErrExists) when a live route has the same
	// ordered pair, and HubNotFound's error when a hub is not live when the route is written. The
	// adapter checks the hubs in the same transaction, holding them against a concurrent
	// deletion (FOR SHARE), so a hub deleted after the application's check cannot keep a live
	// route its cascade did not see.
	Create(ctx context.Context, r *HubRoute) error
	// FindByID returns the route, deleted or not; ErrNotFound when there is none.
	FindByID(ctx context.Context, id uuid.UUID) (*HubRoute, error)
	// FindActiveByID returns the route only when it is not deleted; ErrNotFound otherwise.
	FindActiveByID(ctx context.Context, id uuid.UUID) (*HubRoute, error)
	// Search returns one page of the matching routes, in the order of p.Sort (DefaultSort when
	// empty) and then SortTieBreaker. The total is counted only when the page's content cannot
	// tell it (see paging.Of).
	Search(ctx context.Context, cond SearchCondition, p paging.Pageable) (paging.Page[*HubRoute], error)
	// Update loads the route, lets fn change it and stores the result atomically: when fn or the
	// write fails, nothing changes. When fn leaves the version as it was, nothing is written. It
	// returns the route as stored. A restore is refused with an *ExistsError when a live route
	// took the pair meanwhile, and with HubNotFound's error when a hub is not live (checked as
	// Create does). An expected version is fn's to check (CheckVersion), as for hubs.
	Update(ctx context.Context, id uuid.UUID, fn func(*HubRoute) error) (*HubRoute, error)
}

// HubCascade is what the hub's delete and restore need from storage: the hub's change and its
// routes' changes in one transaction, so nothing is half-done when any step fails. One adapter
// implements it over the database that holds both; the hub commands use it in place of
// hub.Repository.Update for those two operations.
type HubCascade interface {
	// DeleteHub is hub.Repository.Update for a deletion: fn checks and deletes the hub. When it
	// did, every live route from or to the hub is deleted in the same transaction with
	// DeleteWithHub(Cascade{hub id, the hub's new version}, the hub's deleter, its deletion
	// time), one event each, and returned in route-id order.
	DeleteHub(ctx context.Context, hubID uuid.UUID, fn func(*hub.Hub) error) (*hub.Hub, []*HubRoute, error)
	// RestoreHub is hub.Repository.Update for a restore: fn checks and restores the hub. When it
	// did, every route marked with Cascade{hub id, the hub's version before the restore} is
	// restored in the same transaction with RestoreWithHub, where its other hub is live and no
	// live route holds its pair; the others stay deleted, keeping their mark. The restored
	// routes are returned in route-id order.
	RestoreHub(ctx context.Context, hubID uuid.UUID, fn func(*hub.Hub) error) (*hub.Hub, []*HubRoute, error)
}
