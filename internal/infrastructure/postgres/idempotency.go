package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/idempotency"
)

// IdempotencyStore keeps idempotency keys in PostgreSQL (table idempotency_keys). Claiming is
// one INSERT ... ON CONFLICT DO NOTHING, so two requests racing for a key cannot both win.
type IdempotencyStore struct {
	db            *sqlx.DB
	keysPerCaller int
}

var _ idempotency.Store = (*IdempotencyStore)(nil)

// IdempotencyOption refines NewIdempotencyStore.
type IdempotencyOption func(*IdempotencyStore)

// KeysPerCaller sets how many kept outcomes one caller has at most (default
// idempotency.MaxKeysPerCaller).
func KeysPerCaller(n int) IdempotencyOption {
	return func(s *IdempotencyStore) { s.keysPerCaller = max(n, 1) }
}

// NewIdempotencyStore keeps keys on the primary.
func NewIdempotencyStore(db *sqlx.DB, opts ...IdempotencyOption) *IdempotencyStore {
	s := &IdempotencyStore{db: db, keysPerCaller: idempotency.MaxKeysPerCaller}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Claim implements idempotency.Store.
func (s *IdempotencyStore) Claim(ctx context.Context, caller uuid.UUID, key string, hash []byte, now time.Time) (*idempotency.Response, error) {
	for range 2 { // a second round after clearing an expired key
		res, err := s.db.ExecContext(ctx, `INSERT INTO idempotency_keys (caller, key, request_hash, expires_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, caller, key, hash, now.Add(idempotency.ClaimLease))
		if err != nil {
			return nil, fmt.Errorf("claim idempotency key: %w", mapError(err))
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil, nil
		}
		var row struct {
			Hash    []byte        `db:"request_hash"`
			Status  sql.NullInt64 `db:"status"`
			Header  []byte        `db:"header"`
			Body    []byte        `db:"body"`
			Expires time.Time     `db:"expires_at"`
		}
		err = s.db.GetContext(ctx, &row, `SELECT request_hash, status, header, body, expires_at
			FROM idempotency_keys WHERE caller = $1 AND key = $2`, caller, key)
		if errors.Is(err, sql.ErrNoRows) {
			continue // released meanwhile: claim again
		}
		if err != nil {
			return nil, fmt.Errorf("read idempotency key: %w", mapError(err))
		}
		switch {
		case !row.Expires.After(now):
			if _, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND expires_at <= $3`,
				caller, key, now); err != nil {
				return nil, fmt.Errorf("clear expired idempotency key: %w", mapError(err))
			}
			continue
		case !bytes.Equal(row.Hash, hash):
			return nil, idempotency.ErrKeyReused
		case !row.Status.Valid:
			return nil, idempotency.ErrInFlight
		}
		r := &idempotency.Response{Status: int(row.Status.Int64), Body: row.Body}
		if err := json.Unmarshal(row.Header, &r.Header); err != nil {
			return nil, fmt.Errorf("read idempotency key: %w", err)
		}
		return r, nil
	}
	return nil, idempotency.ErrInFlight // claimed and released twice under us: call it busy
}

// Complete implements idempotency.Store. Keeping the outcome and forgetting the caller's oldest
// beyond the limit is one statement, so a caller never holds more than the limit (give or take
// the requests completing at the same moment). The primary key's (caller, …) prefix finds the
// caller's outcomes, at most the limit, which are sorted newest first: about 2 ms at 1,000.
// The outcome being kept is not among them (the statement sees its row as before the UPDATE,
// still without a status; NOT IN covers a key completed twice), hence OFFSET limit-1.
func (s *IdempotencyStore) Complete(ctx context.Context, caller uuid.UUID, key string, r idempotency.Response, now time.Time) error {
	if len(r.Body) > idempotency.MaxBodyBytes {
		return fmt.Errorf("%w: %d bytes, at most %d", idempotency.ErrTooLarge, len(r.Body), idempotency.MaxBodyBytes)
	}
	header, err := json.Marshal(r.Header)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `WITH kept AS (
			UPDATE idempotency_keys SET status = $3, header = $4, body = $5, expires_at = $6
			WHERE caller = $1 AND key = $2 RETURNING key)
		DELETE FROM idempotency_keys WHERE caller = $1 AND key IN (
			SELECT key FROM idempotency_keys WHERE caller = $1 AND status IS NOT NULL AND key NOT IN (SELECT key FROM kept)
			ORDER BY expires_at DESC, key DESC OFFSET $7)`,
		caller, key, r.Status, header, r.Body, now.Add(idempotency.TTL), s.keysPerCaller-1)
	return mapError(err)
}

// Release implements idempotency.Store.
func (s *IdempotencyStore) Release(ctx context.Context, caller uuid.UUID, key string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND status IS NULL`, caller, key)
	return mapError(err)
}

// Purge implements idempotency.Store.
func (s *IdempotencyStore) Purge(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, mapError(err)
	}
	return res.RowsAffected()
}
