package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jmoiron/sqlx"
)

// The views' reads (ScanViews, Scalar) are the hot path of every search: a page of hubs is two
// statements. Through database/sql each statement costs a pooled *sql.Stmt's per-connection
// look-up, a goroutine that watches the context (Rows.awaitDone), locks around every row and a
// conversion of every value into its target; about a tenth of hubd's CPU under a search load.
// So those reads take a pooled connection (sql.Conn.Raw) and run a statement the connection
// itself keeps prepared (conn.QueryDirect), reading lib/pq's values as they come. The context
// is watched as for every operation (conn.watch), the pool's limits and its wait for a free
// connection are database/sql's as before, and a read in a transaction, or on a connection
// that cannot, goes through database/sql.

// DirectQueryer is a pooled connection that runs a read through a statement it keeps
// prepared, with no database/sql machinery around it: conn, and the test connector that counts
// statements (pgtest), which forwards to it.
type DirectQueryer interface {
	QueryDirect(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error)
}

// errNotDirect: the pooled connection is no DirectQueryer; the read goes through database/sql.
var errNotDirect = errors.New("postgres: the connection cannot read directly")

// QueryDirect implements DirectQueryer. The statement is prepared on first use on this
// connection and kept with it (up to maxCachedStatements; past that, reads go unprepared); a
// plan the server no longer accepts (a migration changed the table) is prepared again, once.
func (c *conn) QueryDirect(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	for attempt := 0; ; attempt++ {
		st, ok := c.prepared[query]
		if !ok {
			if len(c.prepared) >= maxCachedStatements {
				return c.QueryContext(ctx, query, args)
			}
			ps, err := c.PrepareContext(ctx, query)
			if err != nil {
				return nil, err
			}
			st = ps.(*stmt)
			if c.prepared == nil {
				c.prepared = map[string]*stmt{}
			}
			c.prepared[query] = st
		}
		rows, err := st.QueryContext(ctx, args)
		if err != nil && attempt == 0 && stalePlan(err) {
			delete(c.prepared, query)
			_ = st.Close()
			continue
		}
		return rows, err
	}
}

// eachRow runs a read and calls each with every row's values, which are valid until each
// returns (a []byte is lib/pq's buffer: assign copies it). On a pooled connection that can, it
// reads directly (DirectQueryer); in a transaction, or through a connection that cannot,
// through database/sql, the values then being database/sql's copies. An error of each ends the
// read and is returned as it is.
func eachRow(ctx context.Context, q sqlx.QueryerContext, query string, args []any, each func([]driver.Value) error) error {
	if p, ok := q.(*preparedDB); ok {
		err := p.eachRowDirect(ctx, query, args, each)
		if !errors.Is(err, errNotDirect) {
			return err
		}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	// database/sql scans into *any (driver.Value is a type of its own, which it would not take).
	scanned, ptrs, vals := make([]any, len(cols)), make([]any, len(cols)), make([]driver.Value, len(cols))
	for i := range scanned {
		ptrs[i] = &scanned[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range scanned {
			vals[i] = v
		}
		if err := each(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// maxBadConnAttempts is how often a direct read tries a connection that turns out broken
// before it has read a row, as database/sql retries a query on driver.ErrBadConn.
const maxBadConnAttempts = 3

func (p *preparedDB) eachRowDirect(ctx context.Context, query string, args []any, each func([]driver.Value) error) error {
	named, err := namedArgs(args)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		started := false
		err := p.withConn(ctx, func(dq DirectQueryer) error {
			rows, err := dq.QueryDirect(ctx, query, named)
			if err != nil {
				return err
			}
			started = true
			return drain(rows, each)
		})
		if started || attempt == maxBadConnAttempts || !errors.Is(err, driver.ErrBadConn) {
			return err
		}
	}
}

// drain calls each with every row of rows and closes them, whatever happens.
func drain(rows driver.Rows, each func([]driver.Value) error) (err error) {
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	vals := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(vals); err != nil {
			if err == io.EOF { //nolint:errorlint // the driver's end of rows is io.EOF itself
				return nil
			}
			return err
		}
		if err := each(vals); err != nil {
			return err
		}
	}
}

// withConn runs f on a pooled connection, held for f alone.
func (p *preparedDB) withConn(ctx context.Context, f func(DirectQueryer) error) error {
	c, err := p.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	return c.Raw(func(dc any) error {
		dq, ok := dc.(DirectQueryer)
		if !ok {
			return errNotDirect
		}
		return f(dq)
	})
}

// namedArgs converts a statement's arguments as database/sql does for a driver without a
// converter of its own (lib/pq has none): Valuers (uuid.UUID) give their value, integers become
// int64, and so on.
func namedArgs(args []any) ([]driver.NamedValue, error) {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, fmt.Errorf("argument $%d: %w", i+1, err)
		}
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out, nil
}

// assign stores a row's value in a scan target as database/sql's Scan does, for the kinds of
// target the views use: a sql.Scanner (given the value as it is), *string, *bool, *int64,
// *float64, *time.Time, *[]byte and *any (a []byte copied). NULL into a plain type, or a value
// of another type, is an error, as it is in database/sql.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case sql.Scanner:
		return d.Scan(v)
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
			return nil
		case []byte:
			*d = string(s)
			return nil
		}
	case *bool:
		if b, ok := v.(bool); ok {
			*d = b
			return nil
		}
	case *int64:
		if n, ok := v.(int64); ok {
			*d = n
			return nil
		}
	case *float64:
		if f, ok := v.(float64); ok {
			*d = f
			return nil
		}
	case *time.Time:
		if t, ok := v.(time.Time); ok {
			*d = t
			return nil
		}
	case *[]byte:
		if b, ok := v.([]byte); ok {
			*d = bytes.Clone(b)
			return nil
		}
	case *any:
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		*d = v
		return nil
	}
	return fmt.Errorf("cannot scan a %T into a %T", v, dest)
}

// assignAll assigns a row's values to its targets, one each.
func assignAll(dest []any, vals []driver.Value) error {
	if len(dest) != len(vals) {
		return fmt.Errorf("%d scan targets for %d columns", len(dest), len(vals))
	}
	for i, d := range dest {
		if err := assign(d, vals[i]); err != nil {
			return fmt.Errorf("column %d: %w", i+1, err)
		}
	}
	return nil
}
