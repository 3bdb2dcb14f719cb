package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres" // registers the "postgres" dialect
	"github.com/doug-martin/goqu/v9/exp"
	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/paging"
)

// Cond is one condition of a search's WHERE: SQL text with ? where its arguments go. The text is
// what a kind of filter always says (the shape); only Args differ between searches of one shape.
// Conditions are ANDed in their order.
type Cond struct {
	SQL  string
	Args []any
}

// SortKey is a sortable property of Row: its column, the cast that types a cursor value, a check
// that a cursor's text value has that type, and how a row's value is written into a cursor.
type SortKey[Row any] struct {
	Column string
	Cast   string
	Check  func(string) error
	Value  func(*Row) string
}

// TextKey is the SortKey of a text column in byte order (COLLATE "C"): a stored name key
// (names.Key) sorts as its unique index and prefix search compare it.
func TextKey[Row any](column string, value func(*Row) string) SortKey[Row] {
	return SortKey[Row]{Column: column, Cast: `::text COLLATE "C"`, Check: CheckText, Value: value}
}

// TimeKey is the SortKey of a timestamptz column, such as created_at and updated_at.
func TimeKey[Row any](column string, value func(*Row) time.Time) SortKey[Row] {
	return SortKey[Row]{Column: column, Cast: "::timestamptz", Check: CheckTime,
		Value: func(r *Row) string { return FormatTime(value(r)) }}
}

// UUIDKey is the SortKey of a uuid column: the id, every search's tie-breaker.
func UUIDKey[Row any](column string, value func(*Row) uuid.UUID) SortKey[Row] {
	return SortKey[Row]{Column: column, Cast: "::uuid", Check: CheckUUID,
		Value: func(r *Row) string { return value(r).String() }}
}

// DeletedIs is the condition that keeps the deleted rows (deleted) or the live ones, by the
// boolean column: NOT column for the live ones, not column IS FALSE, since only the former
// matches the predicate of the partial indexes on live rows.
func DeletedIs(column string, deleted bool) Cond {
	if deleted {
		return Cond{SQL: column}
	}
	return Cond{SQL: "NOT " + column}
}

// ScanFunc runs a statement and scans every row into a Row; capacity is the expected count.
type ScanFunc[Row any] func(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]Row, error)

// Search is one aggregate's paged search, for any aggregate: a table of sort keys and a
// tie-breaker plan the order and the keyset; one filtered dataset (FROM, the selected columns,
// the conditions) is the common trunk of the content statement (ordered, limited, after the
// cursor or at the offset) and of the count statement of the page's count mode; the SQL text is
// rendered by goqu once per shape of search and cached; rows are scanned straight into the read
// model. An aggregate's adapter declares one Search and turns its condition into []Cond.
type Search[Row any] struct {
	// From is the FROM clause: a table's name, or a goqu expression (a join; the columns then
	// name their table as "table.column").
	From any
	// Columns are selected in this order; Scan reads them in it. An entry is a column's name, or
	// SQL text with a parenthesis (a call, such as Sent makes), selected as it is written.
	Columns []string
	// Keys are the sortable properties by their contract names; Tie is the final tie-breaker
	// (the id), in the last order's direction; Default is the order of a search that asks for none.
	Keys    map[string]SortKey[Row]
	Tie     SortKey[Row]
	Default paging.Sort
	Scan    ScanFunc[Row]

	shapes shapeCache
}

// Run checks the page request, plans the search, runs the content statement (one row more than
// the page size, so that HasNext is exact) and lets paging.Of decide whether a count has to run
// at all, and which; m records what it decided (nil records nothing).
func (s *Search[Row]) Run(ctx context.Context, q sqlx.QueryerContext, where []Cond, p paging.Pageable, m *Metrics) (paging.Page[Row], error) {
	// A zero Pageable would make goqu drop the LIMIT; callers that skipped NewPageable get its
	// error here rather than every row or a driver error.
	if err := p.Check(); err != nil {
		return paging.Page[Row]{}, err
	}
	keys, desc, err := s.plan(p)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	content, count, err := s.statements(where, p, keys, desc)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	rows, err := s.Scan(ctx, q, content.SQL, content.Args, p.Size+1)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	// The estimate's EXPLAIN runs only past ExactCountLimit matches: built when needed.
	estimate := func() (Statement, error) {
		var st Statement
		var err error
		st.SQL, st.Args, err = s.filtered(where).Select(goqu.L("1")).ToSQL()
		return st, err
	}
	countOf, counted := countFunc(q, count, estimate, p.Count), false
	page, err := paging.Of(ctx, rows, p, func(ctx context.Context) (int64, bool, error) {
		counted = true
		return countOf(ctx)
	})
	m.countDecided(p.Count, counted)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	if page.HasNext {
		last := &page.Content[len(page.Content)-1]
		next := make([]string, len(keys))
		for i, k := range keys {
			next[i] = k.Value(last)
		}
		page.Next = &paging.Cursor{Keys: next}
	}
	return page, nil
}

// Statements are the statements Run issues for where and p: the content query and the count
// query of the page's count mode (empty for CountNone). Run runs the count only when the content
// cannot tell the total; benchmarks run both, to compare hubd with PostgreSQL on the same SQL.
func (s *Search[Row]) Statements(where []Cond, p paging.Pageable) (content, count Statement, err error) {
	keys, desc, err := s.plan(p)
	if err != nil {
		return content, count, err
	}
	return s.statements(where, p, keys, desc)
}

// Render is goqu's rendering of the statements, uncached, and whether Statements keeps that
// shape in its cache (it does when the arguments it computes are goqu's): what a test compares
// the cache with.
func (s *Search[Row]) Render(where []Cond, p paging.Pageable) (content, count Statement, cacheable bool, err error) {
	keys, desc, err := s.plan(p)
	if err != nil {
		return content, count, false, err
	}
	content, count, err = s.render(where, p, keys, desc)
	a, c := args(where, p, desc)
	return content, count, reflect.DeepEqual(a, content.Args) && reflect.DeepEqual(c, count.Args), err
}

// plan is the order of a search: its sort keys (Default when none) with Tie as the
// tie-breaker in the last order's direction; and it checks a cursor against those keys.
func (s *Search[Row]) plan(p paging.Pageable) ([]SortKey[Row], []bool, error) {
	sort := p.Sort
	if len(sort) == 0 {
		sort = s.Default
	}
	keys := make([]SortKey[Row], 0, len(sort)+1)
	desc := make([]bool, 0, len(sort)+1)
	for _, o := range sort {
		k, ok := s.Keys[o.Property]
		if !ok {
			return nil, nil, fmt.Errorf("%w: cannot sort by %q", paging.ErrInvalidPageable, o.Property)
		}
		keys, desc = append(keys, k), append(desc, o.Direction == paging.Desc)
	}
	keys, desc = append(keys, s.Tie), append(desc, desc[len(desc)-1])
	if p.After != nil {
		if err := checkCursor(keys, p.After); err != nil {
			return nil, nil, err
		}
	}
	return keys, desc, nil
}

// filtered is the filtered dataset: every selected column, not yet ordered or limited.
func (s *Search[Row]) filtered(where []Cond) *goqu.SelectDataset {
	cols := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		if strings.ContainsRune(c, '(') {
			cols[i] = goqu.L(c)
		} else {
			cols[i] = goqu.I(c)
		}
	}
	conds := make([]exp.Expression, len(where))
	for i, c := range where {
		conds[i] = goqu.L(c.SQL, c.Args...)
	}
	return dialect.From(s.From).Prepared(true).Select(cols...).Where(conds...)
}

// statements renders a search's statements: the text from the shape cache, or from goqu when the
// shape is new. The arguments are computed (args) in the order goqu gives them, and a shape is
// cached only when goqu's arguments are those very values, so a cached statement is always the
// one goqu would render.
func (s *Search[Row]) statements(where []Cond, p paging.Pageable, keys []SortKey[Row], desc []bool) (content, count Statement, err error) {
	var shape strings.Builder
	for _, c := range where {
		shape.WriteString(c.SQL)
		shape.WriteByte(0)
	}
	for i, k := range keys {
		shape.WriteString(k.Column)
		if desc[i] {
			shape.WriteString(" desc")
		}
		shape.WriteByte(',')
	}
	fmt.Fprintf(&shape, "|%t|%t|%d", p.After != nil, p.Offset() > 0, p.Count)
	key := shape.String()
	content.Args, count.Args = args(where, p, desc)
	if cached, ok := s.shapes.get(key); ok {
		content.SQL, count.SQL = cached.content, cached.count
		return content, count, nil
	}
	rendered, renderedCount, err := s.render(where, p, keys, desc)
	if err != nil {
		return content, count, err
	}
	if reflect.DeepEqual(rendered.Args, content.Args) && reflect.DeepEqual(renderedCount.Args, count.Args) {
		s.shapes.put(key, shapeSQL{content: rendered.SQL, count: renderedCount.SQL})
	}
	return rendered, renderedCount, nil
}

// render is goqu's rendering, uncached: the filtered trunk, and the content query cut from it
// (keyset condition, order, one row more than the page, offset); the count statement of p's
// count mode (empty for CountNone).
func (s *Search[Row]) render(where []Cond, p paging.Pageable, keys []SortKey[Row], desc []bool) (content, count Statement, err error) {
	filtered := s.filtered(where)
	ds := filtered
	if p.After != nil {
		after, err := keysetAfter(keys, desc, p.After)
		if err != nil {
			return content, count, err
		}
		ds = ds.Where(after)
	}
	order := make([]exp.OrderedExpression, len(keys))
	for i, k := range keys {
		order[i] = goqu.I(k.Column).Asc()
		if desc[i] {
			order[i] = goqu.I(k.Column).Desc()
		}
	}
	ds = ds.Order(order...).Limit(uint(p.Size + 1)).Offset(uint(p.Offset())) //nolint:gosec // G115: a checked Pageable has Page >= 0 and Size >= 1
	if content.SQL, content.Args, err = ds.ToSQL(); err != nil || p.Count == paging.CountNone {
		return content, count, err
	}
	count.SQL, count.Args, err = countStatement(filtered, p.Count).ToSQL()
	return content, count, err
}

// args are the arguments of a search's statements in goqu's order: the conditions', the keyset
// condition's (keysetAfter's), the limit and a non-zero offset; the count statement has the
// conditions', and the cap of CountEstimated.
func args(where []Cond, p paging.Pageable, desc []bool) (content, count []any) {
	filter := make([]any, 0, 4)
	for _, c := range where {
		filter = append(filter, c.Args...)
	}
	content = append(make([]any, 0, len(filter)+2*len(desc)+2), filter...)
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
		count = append(filter, int64(paging.ExactCountLimit+1))
	default:
		count = filter
	}
	return content, count
}

// countStatement is the count query a mode runs: COUNT(*) of the filter, or for CountEstimated
// a count capped at ExactCountLimit+1 rows, which costs the same however many rows match.
func countStatement(filtered *goqu.SelectDataset, mode paging.CountMode) *goqu.SelectDataset {
	if mode == paging.CountEstimated {
		capped := filtered.Select(goqu.L("1")).Limit(paging.ExactCountLimit + 1).As("capped")
		return dialect.From(capped).Prepared(true).Select(goqu.COUNT(goqu.Star()))
	}
	return filtered.Select(goqu.COUNT(goqu.Star()))
}

func countFunc(q sqlx.QueryerContext, count Statement, estimate func() (Statement, error), mode paging.CountMode) paging.CountFunc {
	return func(ctx context.Context) (int64, bool, error) {
		n, err := Scalar[int64](ctx, q, count)
		if err != nil || mode != paging.CountEstimated || n <= paging.ExactCountLimit {
			return n, false, err
		}
		st, err := estimate()
		if err != nil {
			return 0, false, fmt.Errorf("build estimate: %w", err)
		}
		est, err := planRows(ctx, q, st)
		// There are more than ExactCountLimit matches: an estimate below that is known wrong.
		return max(est, paging.ExactCountLimit+1), true, err
	}
}

// planRows is the planner's estimate of the rows ds returns, read from EXPLAIN.
func planRows(ctx context.Context, q sqlx.QueryerContext, st Statement) (int64, error) {
	var plan []byte
	if err := sqlx.GetContext(ctx, q, &plan, "EXPLAIN (FORMAT JSON) "+st.SQL, st.Args...); err != nil {
		return 0, fmt.Errorf("estimate: %w", mapError(err))
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("estimate: unreadable plan: %v", err)
	}
	return int64(out[0].Plan.Rows), nil
}

// keysetAfter is the condition "after this cursor" in the given order. When every column runs
// in one direction it is a row-value comparison such as (name_key, hub_id) > ($1, $2), which an
// index on those columns serves like any range; mixed directions need the expanded form.
func keysetAfter[Row any](cols []SortKey[Row], desc []bool, cursor *paging.Cursor) (exp.Expression, error) {
	if err := checkCursor(cols, cursor); err != nil {
		return nil, err
	}
	op := func(d bool) string {
		if d {
			return "<"
		}
		return ">"
	}
	same := true
	for _, d := range desc {
		same = same && d == desc[0]
	}
	if same {
		lhs, rhs, args := "", "", make([]any, len(cols))
		for i, c := range cols {
			lhs += sep(i) + c.Column
			rhs += sep(i) + "?" + c.Cast
			args[i] = cursor.Keys[i]
		}
		return goqu.L("("+lhs+") "+op(desc[0])+" ("+rhs+")", args...), nil
	}
	var ors []exp.Expression
	for i := range cols {
		var and []exp.Expression
		for j := 0; j < i; j++ {
			and = append(and, goqu.L(cols[j].Column+" = ?"+cols[j].Cast, cursor.Keys[j]))
		}
		and = append(and, goqu.L(cols[i].Column+" "+op(desc[i])+" ?"+cols[i].Cast, cursor.Keys[i]))
		ors = append(ors, goqu.And(and...))
	}
	return goqu.Or(ors...), nil
}

// checkCursor refuses a cursor that does not fit the sort's columns, or whose values do not
// have their columns' types.
func checkCursor[Row any](cols []SortKey[Row], cursor *paging.Cursor) error {
	if len(cursor.Keys) != len(cols) {
		return fmt.Errorf("%w: the cursor does not fit this sort", paging.ErrInvalidPageable)
	}
	for i, c := range cols {
		if err := c.Check(cursor.Keys[i]); err != nil {
			return fmt.Errorf("%w: the cursor is malformed", paging.ErrInvalidPageable)
		}
	}
	return nil
}

// keysetArgs are the arguments of keysetAfter's condition, in its order: the keys once for one
// direction; for mixed directions, each disjunct's equalities and its comparison.
func keysetArgs(desc []bool, keys []string) []any {
	same := true
	for _, d := range desc {
		same = same && d == desc[0]
	}
	var args []any
	if same {
		args = make([]any, len(keys))
		for i, k := range keys {
			args[i] = k
		}
		return args
	}
	for i := range keys {
		for j := 0; j <= i; j++ {
			args = append(args, keys[j])
		}
	}
	return args
}

// shapeSQL is the SQL text of one search shape: the content statement's and the count's.
type shapeSQL struct{ content, count string }

// maxCachedShapes bounds a shape cache; the statement cache holds fewer statements than this.
const maxCachedShapes = 1024

// shapeCache keeps rendered SQL text by the shape of a search (which filters, which order,
// cursor or offset, count mode): what the text depends on, never the values.
// The zero value is an empty cache.
type shapeCache struct {
	mu sync.RWMutex
	m  map[string]shapeSQL
}

func (c *shapeCache) get(k string) (shapeSQL, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.m[k]
	return s, ok
}

// put keeps s unless the cache is full: then the shape is rendered each time.
func (c *shapeCache) put(k string, s shapeSQL) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]shapeSQL{}
	}
	if len(c.m) < maxCachedShapes {
		c.m[k] = s
	}
}

func sep(i int) string {
	if i == 0 {
		return ""
	}
	return ", "
}

// Scalar runs a statement of one row and one column and scans it into a T.
func Scalar[T any](ctx context.Context, q sqlx.QueryerContext, st Statement) (T, error) {
	var v T
	n := 0
	var scanErr error
	err := eachRow(ctx, q, st.SQL, st.Args, func(vals []driver.Value) error {
		if n++; n == 1 {
			scanErr = assignAll([]any{&v}, vals)
		}
		return scanErr
	})
	if scanErr == nil {
		scanErr = err
	}
	if scanErr != nil {
		return v, fmt.Errorf("query: %w", mapError(scanErr))
	}
	if n != 1 {
		return v, fmt.Errorf("expected one row, got %d", n)
	}
	return v, nil
}

// dialect renders $n placeholders; every dataset is Prepared, so no value is ever interpolated.
var dialect = goqu.Dialect("postgres")

// Statement is one SQL statement with its arguments, exactly as the repository sends it.
type Statement struct {
	SQL  string
	Args []any
}

// likeEscaper makes \, % and _ literal in a LIKE pattern (backslash is LIKE's default escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// EscapeLike makes s match itself in a LIKE pattern: %, _ and \ are literal characters.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

// FormatTime writes a timestamp as a cursor carries it: RFC 3339 in UTC, to the nanosecond.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// CheckTime is the SortKey check of a timestamptz column.
func CheckTime(s string) error {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err
}

// CheckUUID is the SortKey check of a uuid column.
func CheckUUID(s string) error {
	_, err := uuid.Parse(s)
	return err
}

// CheckText is the SortKey check of a text column: anything but NUL, which PostgreSQL refuses.
func CheckText(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("NUL in cursor")
	}
	return nil
}

// CheckNumber is the SortKey check of a numeric column.
func CheckNumber(s string) error {
	_, err := strconv.ParseFloat(s, 64)
	return err
}
