package routestore

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// routeSearch is the route search on the shared planner: distance, duration and creation time,
// route_id the tie-breaker, newest first by default. Each live order has its partial index
// (migration 0017).
var routeSearch = &postgres.Search[routeRow]{
	From:    "hub_routes",
	Columns: routeColumnNames,
	Keys: map[string]postgres.SortKey[routeRow]{
		route.SortByDistanceKm: {Column: "distance_km", Cast: "::numeric", Check: postgres.CheckNumber,
			Value: func(r *routeRow) string { return formatKm(r.DistanceKm) }},
		route.SortByDurationMinutes: {Column: "duration_minutes", Cast: "::integer", Check: checkInt,
			Value: func(r *routeRow) string { return strconv.Itoa(r.DurationMinutes) }},
		route.SortByCreatedAt: postgres.TimeKey("created_at", func(r *routeRow) time.Time { return r.CreatedAt }),
	},
	Tie:     postgres.UUIDKey("route_id", func(r *routeRow) uuid.UUID { return r.ID }),
	Default: route.DefaultSort,
	Scan:    scanRoutes,
}

func checkInt(s string) error {
	_, err := strconv.ParseInt(s, 10, 32)
	return err
}

// routeWhere is a condition's WHERE, each filter once.
func routeWhere(cond route.SearchCondition) []postgres.Cond {
	where := append(make([]postgres.Cond, 0, 4), postgres.DeletedIs("is_deleted", cond.Deleted))
	if cond.DepartureHubID != nil {
		where = append(where, postgres.Cond{SQL: `("departure_hub_id" = ?)`, Args: []any{cond.DepartureHubID.String()}})
	}
	if cond.ArrivalHubID != nil {
		where = append(where, postgres.Cond{SQL: `("arrival_hub_id" = ?)`, Args: []any{cond.ArrivalHubID.String()}})
	}
	if cond.HubID != nil {
		id := cond.HubID.String()
		where = append(where, postgres.Cond{SQL: `("departure_hub_id" = ? OR "arrival_hub_id" = ?)`, Args: []any{id, id}})
	}
	return where
}

// SearchStatements renders the statements a search issues for a condition and a page request
// (the content query and the count query of the page's count mode), for tests and benchmarks.
func SearchStatements(cond route.SearchCondition, p paging.Pageable) (content, count postgres.Statement, err error) {
	return routeSearch.Statements(routeWhere(cond), p)
}
