package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/doug-martin/goqu/v9"
	"github.com/doug-martin/goqu/v9/exp"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/paging"
)

// pageQuery is the reusable half of every paged search, for any aggregate: the ordered and
// limited content statement and the count statement of the page's count mode, both cut from one
// filtered dataset (the common trunk); the trunk's EXPLAIN for an estimate; how to read a row's
// sort keys for the next cursor; and how to scan the rows (straight into the read model, without
// reflection).
type pageQuery[Row any] struct {
	content  Statement
	count    Statement
	estimate func() (Statement, error)
	keysOf   func(*Row) []string
	scan     func(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]Row, error)
}

// queryPage runs the content query (one row more than the page size, so that HasNext is exact)
// and lets paging.Of decide whether a count has to run at all, and which; m records what it
// decided.
func queryPage[Row any](ctx context.Context, q sqlx.QueryerContext, pq pageQuery[Row], p paging.Pageable, m *Metrics) (paging.Page[Row], error) {
	rows, err := pq.scan(ctx, q, pq.content.SQL, pq.content.Args, p.Size+1)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	count, counted := countFunc(q, pq.count, pq.estimate, p.Count), false
	page, err := paging.Of(ctx, rows, p, func(ctx context.Context) (int64, bool, error) {
		counted = true
		return count(ctx)
	})
	m.countDecided(p.Count, counted)
	if err != nil {
		return paging.Page[Row]{}, err
	}
	if page.HasNext {
		page.Next = &paging.Cursor{Keys: pq.keysOf(&page.Content[len(page.Content)-1])}
	}
	return page, nil
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
		n, err := scalar[int64](ctx, q, count)
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
func keysetAfter(cols []keyColumn, desc []bool, cursor *paging.Cursor) (exp.Expression, error) {
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
			lhs += sep(i) + c.name
			rhs += sep(i) + "?" + c.cast
			args[i] = cursor.Keys[i]
		}
		return goqu.L("("+lhs+") "+op(desc[0])+" ("+rhs+")", args...), nil
	}
	var ors []exp.Expression
	for i := range cols {
		var and []exp.Expression
		for j := 0; j < i; j++ {
			and = append(and, goqu.L(cols[j].name+" = ?"+cols[j].cast, cursor.Keys[j]))
		}
		and = append(and, goqu.L(cols[i].name+" "+op(desc[i])+" ?"+cols[i].cast, cursor.Keys[i]))
		ors = append(ors, goqu.And(and...))
	}
	return goqu.Or(ors...), nil
}

// checkCursor refuses a cursor that does not fit the sort's columns, or whose values do not
// have their columns' types.
func checkCursor(cols []keyColumn, cursor *paging.Cursor) error {
	if len(cursor.Keys) != len(cols) {
		return fmt.Errorf("%w: the cursor does not fit this sort", paging.ErrInvalidPageable)
	}
	for i, c := range cols {
		if err := c.check(cursor.Keys[i]); err != nil {
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
type shapeCache[K comparable] struct {
	mu sync.RWMutex
	m  map[K]shapeSQL
}

func newShapeCache[K comparable]() *shapeCache[K] { return &shapeCache[K]{m: map[K]shapeSQL{}} }

func (c *shapeCache[K]) get(k K) (shapeSQL, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.m[k]
	return s, ok
}

// put keeps s unless the cache is full: then the shape is rendered each time.
func (c *shapeCache[K]) put(k K, s shapeSQL) {
	c.mu.Lock()
	defer c.mu.Unlock()
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

// keyColumn is a sort column as the keyset condition needs it: its SQL name, the cast that types
// a cursor value, and a check that the text value has that type.
type keyColumn struct {
	name  string
	cast  string
	check func(string) error
}

// scalar runs a statement of one row and one column and scans it into a T.
func scalar[T any](ctx context.Context, q sqlx.QueryerContext, st Statement) (T, error) {
	var v T
	rows, err := q.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return v, fmt.Errorf("query: %w", mapError(err))
	}
	defer func() { _ = rows.Close() }()
	n := 0
	for rows.Next() {
		if n++; n == 1 {
			if err := rows.Scan(&v); err != nil {
				return v, fmt.Errorf("query: %w", mapError(err))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return v, fmt.Errorf("query: %w", mapError(err))
	}
	if n != 1 {
		return v, fmt.Errorf("expected one row, got %d", n)
	}
	return v, nil
}
