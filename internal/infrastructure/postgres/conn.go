package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// connector opens hubd's pooled connections: lib/pq's, dialed by a dialer that hands over the
// network connection, wrapped in a conn that bounds every operation by its context.
//
// lib/pq on its own does not: it reads the socket without looking at the context, and when the
// context ends it marks the connection bad and dials a second connection to send a cancel
// request, which against a frozen server hangs as the first does. database/sql adds calls
// without a context (rolling back or committing a transaction, closing rows and statements) and
// opens connections in the background with a context that never ends. conn gives lib/pq no
// context at all (so it never sends a cancel request) and instead cuts the network connection
// off when the operation's context ends: whatever lib/pq waits for fails at once, lib/pq marks
// its connection bad, conn reports itself invalid, and database/sql closes it and never uses it
// again. The server learns of it from the closed socket (client_connection_check_interval stops
// a running statement within a second) and rolls back what was not committed.
type connector struct {
	pq      *pq.Connector
	timeout time.Duration // bounds each Connect, whatever its context
}

func newConnector(dsn string, connectTimeout time.Duration) (*connector, error) {
	pc, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	pc.Dialer(newDialer(false))
	return &connector{pq: pc, timeout: connectTimeout}, nil
}

// NewConnector is hubd's connector on dsn with the default connect timeout, for a pool of
// one's own (the tests' counting pool, pgtest): connections of the same kind OpenLazy pools
// (the dialer, every operation bounded by its context, the direct reads), without the
// run-time settings OpenLazy adds to its dsn (statement_timeout, client_connection_check_interval).
func NewConnector(dsn string) (driver.Connector, error) {
	return newConnector(withConnectTimeout(dsn, DefaultConnectTimeout), DefaultConnectTimeout)
}

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return c.pq.Driver() }

// Connect implements driver.Connector. lib/pq dials with ctx but then runs the handshake without
// it: the connection is cut off when ctx or the connect timeout ends, whichever comes first.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout,
		fmt.Errorf("no connection within the connect timeout of %s: %w", c.timeout, context.DeadlineExceeded))
	defer cancel()
	h := &handoff{}
	ctx = context.WithValue(ctx, handoffKey{}, h)
	stop := context.AfterFunc(ctx, h.cutOff)
	inner, err := c.pq.Connect(ctx)
	cut := !stop()
	if cut {
		h.cutOff() // the AfterFunc may still be running: the cut is complete before we go on
	}
	switch {
	case err != nil && cut:
		return nil, fmt.Errorf("connect: %w: %w", context.Cause(ctx), err)
	case err != nil:
		return nil, err
	case cut || h.conn() == nil:
		_ = inner.Close()
		if !cut {
			return nil, errors.New("postgres: the dialer did not hand over the connection")
		}
		return nil, fmt.Errorf("connect: %w", context.Cause(ctx))
	}
	return &conn{inner: inner, nc: h.conn()}, nil
}

// conn is lib/pq's connection with every operation bounded by its context. It implements
// every interface lib/pq's connection does (TestConnKeepsTheDriversInterfaces checks), so
// sqlx, the statement cache and pq.CopyIn work through it as they do on lib/pq.
type conn struct {
	inner driver.Conn
	nc    *netConn

	prepared map[string]*stmt // QueryDirect's statements, kept with the connection
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// errCut is the cause of a cut that no ended context explains (a statement's close that took
// too long).
var errCut = errors.New("postgres: the connection was cut off")

// watch bounds one operation by ctx; end it when the operation is over. A value, kept inside
// the rows or transaction it watches: two allocations fewer per query than a watch of its own
// and a method value made anew each time.
func (c *conn) watch(ctx context.Context) watch {
	return watch{c: c, ctx: ctx, stop: context.AfterFunc(ctx, c.nc.cutFn)}
}

// watch is one operation's hold on the connection; see conn.watch.
type watch struct {
	c     *conn
	ctx   context.Context
	stop  func() bool
	ended bool
}

// end stops watching. When the context ended first, the cut is complete once end returns (the
// connection then stays unusable), and err, if any, is explained.
func (w *watch) end(err error) error {
	if !w.ended {
		w.ended = true
		if !w.stop() {
			w.c.nc.cutOff()
		}
	}
	return w.explain(err)
}

// explain adds to the error of an operation whose connection was cut off why it was: the
// context's cause, a deadline for instance, which callers recognize.
func (w *watch) explain(err error) error {
	if err == nil || errors.Is(err, driver.ErrSkip) || !w.c.nc.cut.Load() {
		return err
	}
	cause := context.Cause(w.ctx)
	if cause == nil {
		cause = errCut
	}
	return fmt.Errorf("%w: %w", cause, err)
}

// QueryContext implements driver.QueryerContext.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := c.watch(ctx)
	rows, err := c.inner.(driver.QueryerContext).QueryContext(context.Background(), query, args)
	if err != nil {
		return nil, w.end(err)
	}
	return &rowsT{inner: rows, w: w}, nil // watched until closed: reading rows waits on the server too
}

// ExecContext implements driver.ExecerContext.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := c.watch(ctx)
	res, err := c.inner.(driver.ExecerContext).ExecContext(context.Background(), query, args)
	return res, w.end(err)
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := c.watch(ctx)
	st, err := c.inner.(driver.ConnPrepareContext).PrepareContext(context.Background(), query)
	if err = w.end(err); err != nil {
		return nil, err
	}
	return &stmt{inner: st, c: c}, nil
}

// Prepare implements driver.Conn.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// BeginTx implements driver.ConnBeginTx. The transaction is watched by ctx until it ends:
// database/sql commits and rolls back without a context.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.nc.cut.Load() {
		return nil, driver.ErrBadConn
	}
	w := c.watch(ctx)
	t, err := c.inner.(driver.ConnBeginTx).BeginTx(context.Background(), opts)
	if err != nil {
		return nil, w.end(err)
	}
	return &tx{inner: t, c: c, w: w}, nil
}

// Begin implements driver.Conn.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// Ping implements driver.Pinger.
func (c *conn) Ping(ctx context.Context) error {
	if c.nc.cut.Load() {
		return driver.ErrBadConn
	}
	w := c.watch(ctx)
	return w.end(c.inner.(driver.Pinger).Ping(context.Background()))
}

// ResetSession implements driver.SessionResetter.
func (c *conn) ResetSession(ctx context.Context) error {
	if c.nc.cut.Load() {
		return driver.ErrBadConn
	}
	return c.inner.(driver.SessionResetter).ResetSession(ctx)
}

// IsValid implements driver.Validator: a connection that was cut off is never used again.
func (c *conn) IsValid() bool {
	return !c.nc.cut.Load() && c.inner.(driver.Validator).IsValid()
}

// Close implements driver.Conn. lib/pq says goodbye before closing; that write gets a deadline
// of its own, in case the server stopped reading with our send buffer full. A connection that
// was cut off cannot say goodbye, and closing its socket is all there is to do: that is no
// error (DB.Close would report it, and hubd's shutdown with it).
func (c *conn) Close() error {
	_ = c.nc.SetWriteDeadline(time.Now().Add(closeTimeout))
	err := c.inner.Close()
	if c.nc.cut.Load() {
		return nil
	}
	return err
}
