package hubstore

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// hubSearch is the hub search on the shared planner: its table of sort keys (hubName sorts by
// the stored name key, names.Key, in byte order: the key its unique index and prefix search
// use), hub_id the tie-breaker, newest first by default; the columns of a view (hubViewColumnNames,
// name_key among them, which a hubName cursor needs).
var hubSearch = &postgres.Search[hubViewRow]{
	From:    "hubs",
	Columns: hubViewColumnNames,
	Keys: map[string]postgres.SortKey[hubViewRow]{
		hub.SortByName:      postgres.TextKey("name_key", func(r *hubViewRow) string { return r.NameKey }),
		hub.SortByCreatedAt: postgres.TimeKey("created_at", func(r *hubViewRow) time.Time { return r.CreatedAt }),
		hub.SortByUpdatedAt: postgres.TimeKey("updated_at", func(r *hubViewRow) time.Time { return r.UpdatedAt }),
	},
	Tie:     postgres.UUIDKey("hub_id", func(r *hubViewRow) uuid.UUID { return r.ID }),
	Default: hub.DefaultSort,
	Scan:    scanHubViews,
}

// hubWhere is a condition's WHERE, each filter once.
func hubWhere(cond hub.SearchCondition) []postgres.Cond {
	where := append(make([]postgres.Cond, 0, 5), postgres.DeletedIs("is_deleted", cond.Deleted))
	if cond.HubID != nil {
		where = append(where, postgres.Cond{SQL: `("hub_id" = ?)`, Args: []any{cond.HubID.String()}})
	}
	// The stored key against the key of the text searched for, both by package names, so a
	// search finds what uniqueness compares: the fragment of an NFD or full-width prefix is the
	// NFC, folded key of the name. Validate refuses a non-empty prefix or q whose fragment is
	// empty (nothing but ignorables), so an empty fragment here is an absent filter.
	if prefix := names.Fragment(cond.NamePrefix); prefix != "" {
		where = append(where, postgres.Cond{SQL: `("name_key" LIKE ?)`, Args: []any{postgres.EscapeLike(prefix) + "%"}})
	}
	if part := names.Fragment(cond.NameContains); part != "" {
		where = append(where, postgres.Cond{SQL: `("name_key" LIKE ?)`, Args: []any{"%" + postgres.EscapeLike(part) + "%"}})
	}
	if cond.ManagerID != nil {
		where = append(where, postgres.Cond{SQL: `("hub_manager_id" = ?)`, Args: []any{cond.ManagerID.String()}})
	}
	return where
}

// SearchStatements renders the statements a search issues for a condition and a page request:
// the content query and the count query of the page's count mode (empty for CountNone). The
// search runs the count only when the content cannot tell the total; benchmarks run both, to
// compare hubd with PostgreSQL on the very same SQL.
func SearchStatements(cond hub.SearchCondition, p paging.Pageable) (content, count postgres.Statement, err error) {
	return hubSearch.Statements(hubWhere(cond), p)
}
