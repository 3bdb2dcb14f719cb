package postgres

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// maxCachedStatements bounds the cache: goqu renders a few dozen shapes of search, so a cache
// that keeps growing means something renders values into SQL text, and it must not eat memory.
const maxCachedStatements = 256

// preparedDB runs queries through prepared statements cached by SQL text. lib/pq otherwise
// sends every query unnamed, and PostgreSQL parses and plans it anew each time; a *sql.Stmt is
// prepared once per pooled connection, on first use there, by database/sql itself.
//
// It implements sqlx.QueryerContext, so sqlx.GetContext and SelectContext take it.
type preparedDB struct {
	db    *sqlx.DB
	mu    sync.RWMutex
	stmts map[string]*sqlx.Stmt
}

func newPreparedDB(db *sqlx.DB) *preparedDB {
	return &preparedDB{db: db, stmts: map[string]*sqlx.Stmt{}}
}

func (p *preparedDB) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxCachedStatements
	p.mu.RUnlock()
	if ok || full {
		return st, nil // nil when full: the caller runs the query unprepared
	}
	// Prepared outside the lock, so one slow prepare does not hold up every other read; two
	// goroutines may race to prepare the same text, and the loser closes its copy.
	st, err := p.db.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if cached, ok := p.stmts[query]; ok {
		_ = st.Close() //nolint:sqlclosecheck // the loser of a prepare race drops its copy at once; the cached one stays open
		return cached, nil
	}
	p.stmts[query] = st
	return st, nil
}

// evict forgets a statement whose plan the server no longer accepts (after a migration changed
// the table, PostgreSQL refuses a cached plan whose result type changed). Only that very
// statement is forgotten, not a fresh one another goroutine prepared meanwhile, and it is not
// closed: other requests may still be running it; its server-side copies go with their
// connections.
func (p *preparedDB) evict(query string, stale *sqlx.Stmt) {
	p.mu.Lock()
	if p.stmts[query] == stale {
		delete(p.stmts, query)
	}
	p.mu.Unlock()
}

// QueryContext implements sqlx.QueryerContext.
func (p *preparedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := p.queryx(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return rows.Rows, nil
}

// QueryxContext implements sqlx.QueryerContext.
func (p *preparedDB) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	return p.queryx(ctx, query, args)
}

// QueryRowxContext implements sqlx.QueryerContext.
func (p *preparedDB) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	st, err := p.stmt(ctx, query) //nolint:sqlclosecheck // a cached statement stays open for the next caller
	if err != nil || st == nil {
		return p.db.QueryRowxContext(ctx, query, args...)
	}
	return st.QueryRowxContext(ctx, args...)
}

func (p *preparedDB) queryx(ctx context.Context, query string, args []any) (*sqlx.Rows, error) {
	for attempt := 0; ; attempt++ {
		st, err := p.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		if st == nil {
			return p.db.QueryxContext(ctx, query, args...)
		}
		rows, err := st.QueryxContext(ctx, args...)
		if err != nil && attempt == 0 && stalePlan(err) {
			p.evict(query, st)
			continue
		}
		return rows, err
	}
}

// Rebind implements sqlx's binder interface; the queries already use $n.
func (p *preparedDB) Rebind(query string) string { return query }

func stalePlan(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "0A000" && strings.Contains(pqErr.Message, "cached plan")
}
