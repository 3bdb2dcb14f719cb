// Package idempotency is what makes a retried request safe: the first outcome of a request sent
// with an Idempotency-Key is kept per caller and key, and the same request sent again gets that
// outcome instead of running twice. The HTTP layer drives it; a storage adapter keeps the keys.
//
// What is kept is bounded, so that no caller can fill the database with it: only outcomes worth
// replaying (Worth), each at most MaxBodyBytes, and per caller at most MaxKeysPerCaller.
package idempotency

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// TTL is how long an outcome is kept.
const TTL = 24 * time.Hour

// ClaimLease is how long a claimed key counts as in flight before its outcome is kept. It is
// far longer than any request may run (the request deadline, 5 s by default), and it bounds
// how long a key stays blocked when its request could not release it (the database stopped
// answering in the middle): past the lease a retry claims the key again instead of meeting
// 409 IDEMPOTENCY_KEY_IN_USE for a whole TTL.
const ClaimLease = time.Minute

// MaxBodyBytes bounds the body of a kept outcome. The outcomes worth keeping are a hub or a
// refusal of it, well under 4 KiB; a larger one is not kept (the key is released, as after a
// 5xx) rather than kept cut.
const MaxBodyBytes = 16 << 10

// MaxKeysPerCaller is how many kept outcomes a caller has at most: keeping one more forgets the
// caller's oldest. A client retries a request seconds or minutes after sending it, not a
// thousand keyed requests later, so the newest are the ones that matter.
const MaxKeysPerCaller = 1000

var (
	// ErrKeyReused means the key was used before with another request.
	ErrKeyReused = errors.New("idempotency key reused with another request")
	// ErrInFlight means a request with this key is still running.
	ErrInFlight = errors.New("a request with this idempotency key is still running")
	// ErrTooLarge says an outcome's body exceeds MaxBodyBytes; it is not kept.
	ErrTooLarge = errors.New("idempotency outcome too large to keep")
)

// Response is a kept outcome, replayed byte for byte.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Worth reports whether an outcome with this status is kept: a success (2xx), and the refusals
// that the domain gives the same request again because of what is stored (404: no such hub;
// 409: the name is taken, the hub is deleted or not deleted). A refusal of the caller (401, 403,
// 429), of the request as sent (400, 413, 415, 412 for an If-Match that is not part of the
// request's identity) or a failure (5xx) is not kept: it changed nothing, a retry is as safe as
// a replay, and keeping it would let any caller store whatever it sends.
func Worth(status int) bool {
	return status >= 200 && status < 300 || status == 404 || status == 409
}

// Store keeps keys and their outcomes.
type Store interface {
	// Claim takes key for caller and a request (by its hash) at now. A first claim returns
	// (nil, nil) and the caller must Complete or Release it. A completed key with the same
	// request returns its Response; another request is ErrKeyReused; a running one ErrInFlight.
	// A key past its TTL counts as never used.
	Claim(ctx context.Context, caller uuid.UUID, key string, requestHash []byte, now time.Time) (*Response, error)
	// Complete keeps the outcome of a claimed key until now+TTL, and forgets the caller's
	// oldest outcomes beyond MaxKeysPerCaller (or the store's own limit). A body over
	// MaxBodyBytes is ErrTooLarge and nothing is kept.
	Complete(ctx context.Context, caller uuid.UUID, key string, r Response, now time.Time) error
	// Release forgets a claimed key whose request did not reach an outcome worth keeping: the
	// client may retry with it.
	Release(ctx context.Context, caller uuid.UUID, key string) error
	// Purge deletes the keys that expired before now and says how many.
	Purge(ctx context.Context, now time.Time) (int64, error)
}
