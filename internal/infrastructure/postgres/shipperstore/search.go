package shipperstore

import (
	"time"

	"github.com/doug-martin/goqu/v9"
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// newSearch is the shipper search on the shared planner over from: creation and change time,
// shipper_id the tie-breaker, newest first by default (the partial indexes of migration 0020).
func newSearch(from any) *postgres.Search[query.ShipperView] {
	return &postgres.Search[query.ShipperView]{
		From:    from,
		Columns: qualified,
		Keys: map[string]postgres.SortKey[query.ShipperView]{
			shipper.SortByCreatedAt: postgres.TimeKey("shippers.created_at", func(v *query.ShipperView) time.Time { return v.CreatedAt }),
			shipper.SortByUpdatedAt: postgres.TimeKey("shippers.updated_at", func(v *query.ShipperView) time.Time { return v.UpdatedAt }),
		},
		Tie:     postgres.UUIDKey("shippers.shipper_id", func(v *query.ShipperView) uuid.UUID { return v.ID }),
		Default: shipper.DefaultSort,
		Scan:    scanShippers,
	}
}

var (
	// plainSearch reads shippers alone; joinedSearch joins each shipper's hub, for hubName. The
	// join is inner: every shipper has its hub (the foreign key), deleted or not, as
	// SearchCondition.Matches reads it. A search without hubName does not pay for the join.
	plainSearch  = newSearch("shippers")
	joinedSearch = newSearch(goqu.L(`"shippers" INNER JOIN "hubs" ON ("hubs"."hub_id" = "shippers"."hub_id")`))
)

// searchFor is the search a condition runs on, and its WHERE, each filter once; the content
// and the count share both.
func searchFor(cond shipper.SearchCondition) (*postgres.Search[query.ShipperView], []postgres.Cond) {
	where := append(make([]postgres.Cond, 0, 5), postgres.DeletedIs("shippers.is_deleted", cond.Deleted))
	if cond.ShipperID != nil {
		where = append(where, postgres.Cond{SQL: `("shippers"."shipper_id" = ?)`, Args: []any{cond.ShipperID.String()}})
	}
	if cond.HubID != nil {
		where = append(where, postgres.Cond{SQL: `("shippers"."hub_id" = ?)`, Args: []any{cond.HubID.String()}})
	}
	if cond.Type != "" {
		where = append(where, postgres.Cond{SQL: `("shippers"."shipper_type" = ?)`, Args: []any{string(cond.Type)}})
	}
	// The hub's stored name key against the prefix's fragment, as the hub search compares them
	// (input.HasPrefix is the definition). Validate refuses a prefix whose fragment is empty.
	// The hub may be live or deleted, and the name indexes are partial on each: spelled as one
	// OR per index, the planner ORs two index scans instead of reading every hub.
	if prefix := names.Fragment(cond.HubNamePrefix); prefix != "" {
		like := postgres.EscapeLike(prefix) + "%"
		where = append(where, postgres.Cond{SQL: `((NOT "hubs"."is_deleted" AND "hubs"."name_key" LIKE ?) OR ("hubs"."is_deleted" AND "hubs"."name_key" LIKE ?))`,
			Args: []any{like, like}})
		return joinedSearch, where
	}
	return plainSearch, where
}

// SearchStatements renders the statements a search issues for a condition and a page request
// (the content query and the count query of the page's count mode), for tests and benchmarks.
func SearchStatements(cond shipper.SearchCondition, p paging.Pageable) (content, count postgres.Statement, err error) {
	s, where := searchFor(cond)
	return s.Statements(where, p)
}
