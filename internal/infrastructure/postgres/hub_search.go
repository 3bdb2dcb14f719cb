package postgres

import (
	"fmt"
	"strings"
	"time"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres" // registers the "postgres" dialect
	"github.com/doug-martin/goqu/v9/exp"
	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
)

// dialect renders $n placeholders; every dataset is Prepared, so no value is ever interpolated.
var dialect = goqu.Dialect("postgres")

// hubSortKey is a sortable property: its column, how a cursor value is typed, and how a row's
// value is written into a cursor.
type hubSortKey struct {
	keyColumn
	value func(*hubViewRow) string
}

// hubSortKeys is the whitelist of sortable properties. hubName sorts by the stored name key
// (names.Key) in byte order, the same key its unique index and prefix search use.
var hubSortKeys = map[string]hubSortKey{
	hub.SortByName:      {keyColumn{"name_key", `::text COLLATE "C"`, checkText}, func(r *hubViewRow) string { return r.NameKey }},
	hub.SortByCreatedAt: {keyColumn{"created_at", "::timestamptz", checkTime}, func(r *hubViewRow) string { return formatTime(r.CreatedAt) }},
	hub.SortByUpdatedAt: {keyColumn{"updated_at", "::timestamptz", checkTime}, func(r *hubViewRow) string { return formatTime(r.UpdatedAt) }},
}

var hubIDKey = hubSortKey{keyColumn{"hub_id", "::uuid", checkUUID}, func(r *hubViewRow) string { return r.ID.String() }}

// hubSearchColumns are the hub columns plus name_key, which a hubName cursor needs.
var hubSearchColumns = append(append([]string{}, hubColumnNames...), "name_key")

// hubFiltered is the filtered dataset of a condition, selecting every search column and not yet
// ordered or limited: the common trunk of the content and the count queries.
func hubFiltered(cond hub.SearchCondition) *goqu.SelectDataset {
	cols := make([]any, len(hubSearchColumns))
	for i, c := range hubSearchColumns {
		cols[i] = goqu.C(c)
	}
	return dialect.From("hubs").Prepared(true).Select(cols...).Where(hubWhere(cond)...)
}

func hubWhere(cond hub.SearchCondition) []exp.Expression {
	// NOT is_deleted, not goqu's IS FALSE: only the former matches the partial indexes' predicate.
	where := []exp.Expression{goqu.L("NOT is_deleted")}
	if cond.Deleted {
		where[0] = goqu.L("is_deleted")
	}
	if cond.HubID != nil {
		where = append(where, goqu.C("hub_id").Eq(cond.HubID.String()))
	}
	// The stored key against the key of the text searched for, both by package names, so a
	// search finds what uniqueness compares: the fragment of an NFD or full-width prefix is the
	// NFC, folded key of the name. Validate refuses a non-empty prefix or q whose fragment is
	// empty (nothing but ignorables), so an empty fragment here is an absent filter.
	if prefix := names.Fragment(cond.NamePrefix); prefix != "" {
		where = append(where, goqu.C("name_key").Like(escapeLike(prefix)+"%"))
	}
	if part := names.Fragment(cond.NameContains); part != "" {
		where = append(where, goqu.C("name_key").Like("%"+escapeLike(part)+"%"))
	}
	if cond.ManagerID != nil {
		where = append(where, goqu.C("hub_manager_id").Eq(cond.ManagerID.String()))
	}
	return where
}

// hubPageQuery plans a search: the filtered trunk, and the content query cut from it (keyset
// condition, order with hub_id as the tie-breaker in the last order's direction, one row more
// than the page, offset).
func hubPageQuery(cond hub.SearchCondition, p paging.Pageable) (pageQuery[hubViewRow], error) {
	sort := p.Sort
	if len(sort) == 0 {
		sort = hub.DefaultSort
	}
	keys := make([]hubSortKey, 0, len(sort)+1)
	desc := make([]bool, 0, len(sort)+1)
	for _, o := range sort {
		k, ok := hubSortKeys[o.Property]
		if !ok {
			return pageQuery[hubViewRow]{}, fmt.Errorf("%w: cannot sort by %q", paging.ErrInvalidPageable, o.Property)
		}
		keys, desc = append(keys, k), append(desc, o.Direction == paging.Desc)
	}
	keys, desc = append(keys, hubIDKey), append(desc, desc[len(desc)-1])

	filtered := hubFiltered(cond)
	content := filtered
	if p.After != nil {
		cols := make([]keyColumn, len(keys))
		for i, k := range keys {
			cols[i] = k.keyColumn
		}
		after, err := keysetAfter(cols, desc, p.After)
		if err != nil {
			return pageQuery[hubViewRow]{}, err
		}
		content = content.Where(after)
	}
	order := make([]exp.OrderedExpression, len(keys))
	for i, k := range keys {
		order[i] = goqu.C(k.name).Asc()
		if desc[i] {
			order[i] = goqu.C(k.name).Desc()
		}
	}
	content = content.Order(order...).Limit(uint(p.Size + 1)).Offset(uint(p.Offset()))
	return pageQuery[hubViewRow]{
		filtered: filtered,
		content:  content,
		keysOf: func(r *hubViewRow) []string {
			out := make([]string, len(keys))
			for i, k := range keys {
				out[i] = k.value(r)
			}
			return out
		},
		scan: scanHubViews,
	}, nil
}

// Statement is one SQL statement with its arguments, exactly as the repository sends it.
type Statement struct {
	SQL  string
	Args []any
}

// SearchStatements renders the statements Search issues for a condition and a page request: the
// content query and the count query of the page's count mode (empty for CountNone). Search runs
// the count only when the content cannot tell the total; benchmarks run both, to compare hubd
// with PostgreSQL on the very same SQL.
func SearchStatements(cond hub.SearchCondition, p paging.Pageable) (content, count Statement, err error) {
	pq, err := hubPageQuery(cond, p)
	if err != nil {
		return content, count, err
	}
	if content.SQL, content.Args, err = pq.content.ToSQL(); err != nil || p.Count == paging.CountNone {
		return content, count, err
	}
	count.SQL, count.Args, err = countStatement(pq.filtered, p.Count).ToSQL()
	return content, count, err
}

// likeEscaper makes \, % and _ literal in a LIKE pattern (backslash is LIKE's default escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func checkTime(s string) error {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err
}

func checkUUID(s string) error {
	_, err := uuid.Parse(s)
	return err
}

func checkText(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("NUL in cursor")
	}
	return nil
}
