package companystore

import (
	"time"

	"github.com/doug-martin/goqu/v9"
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// keys are the company search's sort keys: companyName sorts by the stored name key in byte
// order (the key its unique index and prefix use), company_id the tie-breaker, newest first by
// default. Columns name their table: the hubName search joins hubs, which has columns of the
// same names.
var keys = map[string]postgres.SortKey[viewRow]{
	company.SortByName:      postgres.TextKey("companies.name_key", func(r *viewRow) string { return r.NameKey }),
	company.SortByCreatedAt: postgres.TimeKey("companies.created_at", func(r *viewRow) time.Time { return r.CreatedAt }),
	company.SortByUpdatedAt: postgres.TimeKey("companies.updated_at", func(r *viewRow) time.Time { return r.UpdatedAt }),
}

var tie = postgres.UUIDKey("companies.company_id", func(r *viewRow) uuid.UUID { return r.ID })

// plainSearch reads companies alone; joinedSearch joins each company's hub, for a hubName
// prefix, in the content and the count statement alike (they share the filtered dataset).
var (
	plainSearch = &postgres.Search[viewRow]{
		From: "companies", Columns: qualified, Keys: keys, Tie: tie, Default: company.DefaultSort, Scan: scanCompanies,
	}
	joinedSearch = &postgres.Search[viewRow]{
		From:    goqu.L(`"companies" INNER JOIN "hubs" ON "hubs"."hub_id" = "companies"."hub_id"`),
		Columns: qualified, Keys: keys, Tie: tie, Default: company.DefaultSort, Scan: scanCompanies,
	}
)

// plan is a condition's search and WHERE, each filter once.
func plan(cond company.SearchCondition) (*postgres.Search[viewRow], []postgres.Cond) {
	where := append(make([]postgres.Cond, 0, 7), postgres.DeletedIs(`"companies"."is_deleted"`, cond.Deleted))
	if cond.CompanyID != nil {
		where = append(where, postgres.Cond{SQL: `("companies"."company_id" = ?)`, Args: []any{cond.CompanyID.String()}})
	}
	if cond.HubID != nil {
		where = append(where, postgres.Cond{SQL: `("companies"."hub_id" = ?)`, Args: []any{cond.HubID.String()}})
	}
	if cond.ManagerID != nil {
		where = append(where, postgres.Cond{SQL: `("companies"."company_manager_id" = ?)`, Args: []any{cond.ManagerID.String()}})
	}
	// The stored keys against the key of the text searched for, as the hub search does: a
	// prefix in NFD or full width finds what uniqueness compares; % _ \ are literal. Validate
	// refuses a non-empty prefix whose fragment is empty, so an empty fragment is no filter.
	if prefix := names.Fragment(cond.NamePrefix); prefix != "" {
		where = append(where, postgres.Cond{SQL: `("companies"."name_key" LIKE ?)`, Args: []any{postgres.EscapeLike(prefix) + "%"}})
	}
	s := plainSearch
	if prefix := names.Fragment(cond.HubNamePrefix); prefix != "" {
		// The hub's name as the hub search compares it; a company's hub is live while the
		// company is (the hub-in-use guard), a deleted company's hub may be deleted: its name
		// still counts, as Matches compares it. The name indexes are partial on live and on
		// deleted hubs: spelled as one OR per index, the planner ORs two index scans instead of
		// reading every hub.
		like := postgres.EscapeLike(prefix) + "%"
		where = append(where, postgres.Cond{SQL: `((NOT "hubs"."is_deleted" AND "hubs"."name_key" LIKE ?) OR ("hubs"."is_deleted" AND "hubs"."name_key" LIKE ?))`,
			Args: []any{like, like}})
		s = joinedSearch
	}
	return s, where
}

// SearchStatements renders the statements a search issues for a condition and a page request
// (the content query and the count query of the page's count mode), for tests and benchmarks.
func SearchStatements(cond company.SearchCondition, p paging.Pageable) (content, count postgres.Statement, err error) {
	s, where := plan(cond)
	return s.Statements(where, p)
}
