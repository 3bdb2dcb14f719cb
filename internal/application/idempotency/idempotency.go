// Package idempotency is what makes a retried request safe: the first outcome of a request sent
// with an Idempotency-Key is kept per caller and key, and the same request sent again gets that
// outcome instead of running twice. The HTTP layer drives it; a storage adapter keeps the keys.
package idempotency

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// TTL is how long an outcome is kept.
const TTL = 24 * time.Hour

var (
	// ErrKeyReused means the key was used before with another request.
	ErrKeyReused = errors.New("idempotency key reused with another request")
	// ErrInFlight means a request with this key is still running.
	ErrInFlight = errors.New("a request with this idempotency key is still running")
)

// Response is a kept outcome, replayed byte for byte.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Store keeps keys and their outcomes.
type Store interface {
	// Claim takes key for caller and a request (by its hash) at now. A first claim returns
	// (nil, nil) and the caller must Complete or Release it. A completed key with the same
	// request returns its Response; another request is ErrKeyReused; a running one ErrInFlight.
	// A key past its TTL counts as never used.
	Claim(ctx context.Context, caller uuid.UUID, key string, requestHash []byte, now time.Time) (*Response, error)
	// Complete keeps the outcome of a claimed key until now+TTL.
	Complete(ctx context.Context, caller uuid.UUID, key string, r Response, now time.Time) error
	// Release forgets a claimed key whose request did not reach an outcome worth keeping (a
	// 5xx): the client may retry with it.
	Release(ctx context.Context, caller uuid.UUID, key string) error
	// Purge deletes the keys that expired before now and says how many.
	Purge(ctx context.Context, now time.Time) (int64, error)
}
