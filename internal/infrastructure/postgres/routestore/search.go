package routestore

import (
	"strconv"

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
		route.SortByCreatedAt: {Column: "created_at", Cast: "::timestamptz", Check: postgres.CheckTime,
			Value: func(r *routeRow) string { return postgres.FormatTime(r.CreatedAt) }},
	},
	Tie: postgres.SortKey[routeRow]{Column: "route_id", Cast: "::uuid", Check: postgres.CheckUUID,
		Value: func(r *routeRow) string { return r.ID.String() }},
	Default: route.DefaultSort,
	Scan:    scanRoutes,
}

func checkInt(s string) error {
	_, err := strconv.ParseInt(s, 10, 32)
	return err
}

// routeWhere is a condition's WHERE, each filter once.
func routeWhere(cond route.SearchCondition) []postgres.Cond {
	// NOT is_deleted, not IS FALSE: only the former matches the partial indexes' predicate.
	where := make([]postgres.Cond, 1, 4)
	where[0] = postgres.Cond{SQL: "NOT is_deleted"}
	if cond.Deleted {
		where[0] = postgres.Cond{SQL: "is_deleted"}
	}
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
