package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/transaction"
)

// Store is what every aggregate's adapter is built on, shared by all of them: the primary,
// single-statement reads through cached prepared statements, the read router that sends reads
// to replicas, the metrics; and the outbox every adapter writes its events to in the
// transaction of its change.
type Store struct {
	db      *sqlx.DB
	reads   *preparedDB
	router  *ReadRouter // when set, reads go where it says
	metrics *Metrics    // nil records nothing
}

// Option refines NewStore.
type Option func(*Store)

// ReadThrough sends the store's reads (lookups, searches, the event feed) through a ReadRouter,
// to read replicas; changes always go to the primary.
func ReadThrough(r *ReadRouter) Option { return func(s *Store) { s.router = r } }

// NewStore returns a store over the primary db. A nil db is refused by the adapters built on it.
func NewStore(db *sqlx.DB, opts ...Option) *Store {
	s := &Store{db: db}
	if db != nil {
		s.reads = newPreparedDB(db)
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// ErrNoDatabase is what an adapter answers when its store has no database.
var ErrNoDatabase = errors.New("postgres: the store needs a database")

// Check refuses a store without a database, for the adapters' constructors.
func (s *Store) Check() error {
	if s == nil || s.db == nil {
		return ErrNoDatabase
	}
	return nil
}

// Primary is the primary database, for changes and for reads that must see them (in a change's
// transaction, or right after a refusal).
func (s *Store) Primary() *sqlx.DB { return s.db }

// Metrics are the store's metrics; nil records nothing.
func (s *Store) Metrics() *Metrics { return s.metrics }

// Reader is where a read under ctx goes: the transaction ctx carries (Transactor.InTx), else
// the primary, or the replica the router picks for the consistency token ctx carries.
func (s *Store) Reader(ctx context.Context) (sqlx.QueryerContext, error) {
	if tx := s.joined(ctx); tx != nil {
		return tx, nil // a read in a unit of work sees its writes and its locks
	}
	if s.router == nil {
		// Without replicas every read sees every write; a token is still checked, so a client
		// learns of a broken one before it is deployed against replicas.
		if t, ok := consistency.Minimum(ctx); ok {
			if _, err := parseLSN(string(t)); err != nil {
				return nil, err
			}
		}
		return s.reads, nil
	}
	return s.router.reader(ctx)
}

// InTx runs fn in a transaction on the primary and commits when fn returns nil; then it records
// the primary's position, which the consistency token of the change names. When ctx already
// carries a transaction of this store (Transactor.InTx), fn runs in it and InTx neither commits
// nor records: the outermost transaction does, so the changes of several adapters commit or
// roll back together.
func (s *Store) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if tx := s.joined(ctx); tx != nil {
		return fn(tx)
	}
	if err := inTx(ctx, s.db, fn); err != nil {
		return err
	}
	recordPosition(ctx, s.db)
	return nil
}

// txKey is the context key of the transaction a Transactor carries; the value is a *carriedTx.
type txKey struct{}

// carriedTx is a transaction with the store that began it, so a store never joins another
// database's transaction.
type carriedTx struct {
	store *Store
	tx    *sqlx.Tx
}

func (s *Store) joined(ctx context.Context) *sqlx.Tx {
	if c, ok := ctx.Value(txKey{}).(*carriedTx); ok && c.store == s {
		return c.tx
	}
	return nil
}

// Transactor is the application's unit of work over this store (transaction.Transactor).
func (s *Store) Transactor() transaction.Transactor { return transactor{s} }

type transactor struct{ s *Store }

// InTx implements transaction.Transactor: one transaction on the primary, carried by the ctx
// fn is given, so every adapter's InTx under it joins it.
func (t transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if t.s.joined(ctx) != nil {
		return fn(ctx)
	}
	return t.s.InTx(ctx, func(tx *sqlx.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, &carriedTx{store: t.s, tx: tx}))
	})
}

var _ feed.Log = (*Store)(nil)

// EventsAfter implements feed.Log: the outbox of every aggregate, read through the store's read
// routing.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int, aggregateType string) ([]feed.Event, error) {
	q, err := s.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return readOutbox(ctx, q, after, limit, aggregateType)
}

// Head implements feed.Log: the newest event's seq, 0 for none, read like EventsAfter.
func (s *Store) Head(ctx context.Context) (int64, error) {
	q, err := s.Reader(ctx)
	if err != nil {
		return 0, err
	}
	var seq int64
	if err := sqlx.GetContext(ctx, q, &seq, `SELECT COALESCE(max(seq), 0) FROM events`); err != nil {
		return 0, fmt.Errorf("read the feed's head: %w", mapError(err))
	}
	return seq, nil
}
