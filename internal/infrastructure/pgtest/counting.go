package pgtest

import (
	"context"
	"database/sql/driver"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"strings"
	"sync"
)

// Log records the statements a pool executed, in order.
type Log struct {
	mu    sync.Mutex
	stmts []string
}

func (l *Log) add(query string) {
	l.mu.Lock()
	l.stmts = append(l.stmts, strings.TrimSpace(query))
	l.mu.Unlock()
}

// Statements returns a copy of what was executed since the last Reset.
func (l *Log) Statements() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.stmts...)
}

// Count is the number of executed statements that start with prefix, ignoring case.
func (l *Log) Count(prefix string) int {
	n := 0
	for _, s := range l.Statements() {
		if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
			n++
		}
	}
	return n
}

// Reset forgets what was recorded.
func (l *Log) Reset() {
	l.mu.Lock()
	l.stmts = nil
	l.mu.Unlock()
}

type countingConnector struct {
	inner driver.Connector
	log   *Log
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, log: c.log}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.inner.Driver() }

// countingConn forwards to hubd's connection (postgres.NewConnector's), logging each query, exec and prepared execution.
type countingConn struct {
	driver.Conn
	log *Log
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.log.add(query)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

// QueryDirect forwards the views' direct reads (postgres.DirectQueryer), logged like the rest.
func (c *countingConn) QueryDirect(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.log.add(query)
	return c.Conn.(postgres.DirectQueryer).QueryDirect(ctx, query, args)
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.log.add(query)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, query: query, log: c.log}, nil
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.log.add("BEGIN")
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *countingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

type countingStmt struct {
	driver.Stmt
	query string
	log   *Log
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.log.add(s.query)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	values, err := postgres.PositionalValues(args)
	if err != nil {
		return nil, err
	}
	return s.Stmt.Query(values) //nolint:staticcheck // the driver has no context method (lib/pq's COPY)
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.log.add(s.query)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	values, err := postgres.PositionalValues(args)
	if err != nil {
		return nil, err
	}
	return s.Stmt.Exec(values) //nolint:staticcheck // the driver has no context method (lib/pq's COPY)
}
