package postgres

import (
	"fmt"
	"reflect"
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

// hubSortPlan is the order of a search: its sort keys (DefaultSort when none) with hub_id as
// the tie-breaker in the last order's direction.
func hubSortPlan(sort paging.Sort) ([]hubSortKey, []bool, error) {
	if len(sort) == 0 {
		sort = hub.DefaultSort
	}
	keys := make([]hubSortKey, 0, len(sort)+1)
	desc := make([]bool, 0, len(sort)+1)
	for _, o := range sort {
		k, ok := hubSortKeys[o.Property]
		if !ok {
			return nil, nil, fmt.Errorf("%w: cannot sort by %q", paging.ErrInvalidPageable, o.Property)
		}
		keys, desc = append(keys, k), append(desc, o.Direction == paging.Desc)
	}
	return append(keys, hubIDKey), append(desc, desc[len(desc)-1]), nil
}

func keyColumnsOf(keys []hubSortKey) []keyColumn {
	cols := make([]keyColumn, len(keys))
	for i, k := range keys {
		cols[i] = k.keyColumn
	}
	return cols
}

// hubDatasets builds a search with goqu: the filtered trunk, and the content query cut from it
// (keyset condition, order, one row more than the page, offset).
func hubDatasets(cond hub.SearchCondition, p paging.Pageable, keys []hubSortKey, desc []bool) (filtered, content *goqu.SelectDataset, err error) {
	filtered = hubFiltered(cond)
	content = filtered
	if p.After != nil {
		after, err := keysetAfter(keyColumnsOf(keys), desc, p.After)
		if err != nil {
			return nil, nil, err
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
	return filtered, content.Order(order...).Limit(uint(p.Size + 1)).Offset(uint(p.Offset())), nil //nolint:gosec // G115: a valid Pageable has Page >= 0 and Size >= 1
}

// hubPageQuery plans a search: its content statement, the count statement of its count mode,
// and the sort keys a next cursor carries.
func hubPageQuery(cond hub.SearchCondition, p paging.Pageable) (pageQuery[hubViewRow], error) {
	keys, desc, err := hubSortPlan(p.Sort)
	if err != nil {
		return pageQuery[hubViewRow]{}, err
	}
	if p.After != nil {
		if err := checkCursor(keyColumnsOf(keys), p.After); err != nil {
			return pageQuery[hubViewRow]{}, err
		}
	}
	content, count, err := hubStatements(cond, p, keys, desc)
	if err != nil {
		return pageQuery[hubViewRow]{}, err
	}
	return pageQuery[hubViewRow]{
		content: content,
		count:   count,
		// The estimate's EXPLAIN runs only past ExactCountLimit matches: built when needed.
		estimate: func() (Statement, error) {
			var st Statement
			var err error
			st.SQL, st.Args, err = hubFiltered(cond).Select(goqu.L("1")).ToSQL()
			return st, err
		},
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

// hubShape is what a search's SQL text depends on; the values are all arguments.
type hubShape struct {
	deleted, byID, prefix, contains, manager, after, offset bool
	count                                                   paging.CountMode
	sort                                                    string // columns and directions
}

// hubShapes caches the SQL text goqu renders per shape: rendering costs more CPU than the rest
// of hubd's work on a search. A search of a known shape only computes its arguments.
var hubShapes = newShapeCache[hubShape]()

// hubStatements renders a search's statements: the text from the shape cache, or from goqu
// when the shape is new. The arguments are computed (hubArgs) in the order goqu gives them, and
// a shape is cached only when goqu's arguments are those very values, so a cached statement is
// always the one goqu would render.
func hubStatements(cond hub.SearchCondition, p paging.Pageable, keys []hubSortKey, desc []bool) (content, count Statement, err error) {
	shape := hubShape{
		deleted: cond.Deleted, byID: cond.HubID != nil, manager: cond.ManagerID != nil,
		prefix: names.Fragment(cond.NamePrefix) != "", contains: names.Fragment(cond.NameContains) != "",
		after: p.After != nil, offset: p.Offset() > 0, count: p.Count,
	}
	var sortKey strings.Builder
	for i, k := range keys {
		sortKey.WriteString(k.name)
		if desc[i] {
			sortKey.WriteString(" desc")
		}
		sortKey.WriteByte(',')
	}
	shape.sort = sortKey.String()
	content.Args, count.Args = hubArgs(cond, p, desc)
	if cached, ok := hubShapes.get(shape); ok {
		content.SQL, count.SQL = cached.content, cached.count
		return content, count, nil
	}
	rendered, renderedCount, err := renderHubStatements(cond, p, keys, desc)
	if err != nil {
		return content, count, err
	}
	if reflect.DeepEqual(rendered.Args, content.Args) && reflect.DeepEqual(renderedCount.Args, count.Args) {
		hubShapes.put(shape, shapeSQL{content: rendered.SQL, count: renderedCount.SQL})
	}
	return rendered, renderedCount, nil
}

// renderHubStatements is goqu's rendering of a search, uncached: the content statement and the
// count statement of p's count mode (empty for CountNone).
func renderHubStatements(cond hub.SearchCondition, p paging.Pageable, keys []hubSortKey, desc []bool) (content, count Statement, err error) {
	filtered, ds, err := hubDatasets(cond, p, keys, desc)
	if err != nil {
		return content, count, err
	}
	if content.SQL, content.Args, err = ds.ToSQL(); err != nil || p.Count == paging.CountNone {
		return content, count, err
	}
	count.SQL, count.Args, err = countStatement(filtered, p.Count).ToSQL()
	return content, count, err
}

// hubArgs are the arguments of a search's statements in goqu's order: the filter's (hubWhere's
// order), the keyset condition's (keysetAfter's), the limit and a non-zero offset; the count
// statement has the filter's, and the cap of CountEstimated.
func hubArgs(cond hub.SearchCondition, p paging.Pageable, desc []bool) (content, count []any) {
	where := make([]any, 0, 4)
	if cond.HubID != nil {
		where = append(where, cond.HubID.String())
	}
	if prefix := names.Fragment(cond.NamePrefix); prefix != "" {
		where = append(where, escapeLike(prefix)+"%")
	}
	if part := names.Fragment(cond.NameContains); part != "" {
		where = append(where, "%"+escapeLike(part)+"%")
	}
	if cond.ManagerID != nil {
		where = append(where, cond.ManagerID.String())
	}
	content = append(make([]any, 0, len(where)+2*len(desc)+2), where...)
	if p.After != nil {
		content = append(content, keysetArgs(desc, p.After.Keys)...)
	}
	content = append(content, int64(p.Size+1))
	if off := p.Offset(); off > 0 {
		content = append(content, off)
	}
	switch p.Count {
	case paging.CountNone:
	case paging.CountEstimated:
		count = append(where, int64(paging.ExactCountLimit+1))
	default:
		count = where
	}
	return content, count
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
	return pq.content, pq.count, nil
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
