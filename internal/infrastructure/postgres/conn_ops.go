package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"time"
)

// stmt is lib/pq's statement on a conn, its executions bounded by their contexts. lib/pq's COPY
// statement (pq.CopyIn) has no context methods: it runs through Exec, still watched.
type stmt struct {
	inner driver.Stmt
	c     *conn
}

var (
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close implements driver.Stmt. database/sql gives it no context, and lib/pq waits for the
// server's answer: past closeTimeout the connection is cut off instead, so that closing a pool
// (or a statement) in front of a frozen server cannot hang.
func (s *stmt) Close() error {
	t := time.AfterFunc(closeTimeout, s.c.nc.cutOff)
	defer t.Stop()
	return s.inner.Close()
}

// NumInput implements driver.Stmt.
func (s *stmt) NumInput() int { return s.inner.NumInput() }

// Exec implements driver.Stmt; database/sql calls ExecContext.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

// Query implements driver.Stmt; database/sql calls QueryContext.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

// ExecContext implements driver.StmtExecContext.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := s.c.watch(ctx)
	var res driver.Result
	var err error
	if e, ok := s.inner.(driver.StmtExecContext); ok {
		res, err = e.ExecContext(context.Background(), args)
	} else if values, verr := PositionalValues(args); verr != nil {
		err = verr
	} else {
		res, err = s.inner.Exec(values) //nolint:staticcheck // lib/pq's COPY has no ExecContext
	}
	return res, w.end(err)
}

// QueryContext implements driver.StmtQueryContext.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := s.c.watch(ctx)
	var rows driver.Rows
	var err error
	if q, ok := s.inner.(driver.StmtQueryContext); ok {
		rows, err = q.QueryContext(context.Background(), args)
	} else if values, verr := PositionalValues(args); verr != nil {
		err = verr
	} else {
		rows, err = s.inner.Query(values) //nolint:staticcheck // lib/pq's COPY has no QueryContext
	}
	if err != nil {
		return nil, w.end(err)
	}
	return &rowsT{inner: rows, w: w}, nil
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// ErrNamedArgs refuses named arguments where only the pre-context driver API is there to run a
// statement: it has positions only.
var ErrNamedArgs = errors.New("postgres: named arguments are not supported")

// PositionalValues turns positional named values into the driver.Values of the pre-context
// API; ErrNamedArgs when one has a name. The test connector (pgtest) falls back to it too.
func PositionalValues(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, ErrNamedArgs
		}
		out[i] = a.Value
	}
	return out, nil
}

// tx is a transaction on a conn, watched by the context it began with until it ends.
type tx struct {
	inner driver.Tx
	c     *conn
	w     watch
}

// Commit implements driver.Tx. Once the transaction's context has ended nothing is sent: the
// caller has given up, and a COMMIT sent now might still take effect.
func (t *tx) Commit() error {
	if t.w.ctx.Err() != nil {
		t.c.nc.cutOff()
	}
	return t.w.end(t.inner.Commit())
}

// Rollback implements driver.Tx. Once the transaction's context has ended the connection is
// cut off rather than asked to roll back (database/sql rolls back then, from a goroutine of
// its own, with no way to stop waiting): the server rolls back when the connection closes.
func (t *tx) Rollback() error {
	if t.w.ctx.Err() != nil {
		t.c.nc.cutOff()
	}
	return t.w.end(t.inner.Rollback())
}

// rowsT is a result being read from a conn, watched until it is closed.
type rowsT struct {
	inner driver.Rows
	w     watch
}

var (
	_ driver.RowsNextResultSet              = (*rowsT)(nil)
	_ driver.RowsColumnTypeScanType         = (*rowsT)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rowsT)(nil)
	_ driver.RowsColumnTypeLength           = (*rowsT)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rowsT)(nil)
)

func (r *rowsT) Columns() []string { return r.inner.Columns() }

// Close implements driver.Rows; lib/pq reads the rest of the result here.
func (r *rowsT) Close() error { return r.w.end(r.inner.Close()) }

func (r *rowsT) Next(dest []driver.Value) error {
	err := r.inner.Next(dest)
	if err == nil || err == io.EOF {
		return err // io.EOF unwrapped: database/sql compares it
	}
	return r.w.explain(err)
}

func (r *rowsT) HasNextResultSet() bool {
	n, ok := r.inner.(driver.RowsNextResultSet)
	return ok && n.HasNextResultSet()
}

func (r *rowsT) NextResultSet() error {
	n, ok := r.inner.(driver.RowsNextResultSet)
	if !ok {
		return io.EOF
	}
	err := n.NextResultSet()
	if err == nil || err == io.EOF {
		return err
	}
	return r.w.explain(err)
}

func (r *rowsT) ColumnTypeScanType(i int) reflect.Type {
	if c, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return c.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *rowsT) ColumnTypeDatabaseTypeName(i int) string {
	if c, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return c.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *rowsT) ColumnTypeLength(i int) (int64, bool) {
	if c, ok := r.inner.(driver.RowsColumnTypeLength); ok {
		return c.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *rowsT) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if c, ok := r.inner.(driver.RowsColumnTypePrecisionScale); ok {
		return c.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
