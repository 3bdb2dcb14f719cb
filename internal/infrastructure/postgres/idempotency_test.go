package postgres_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/idempotency"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestIdempotencyStore_BoundsWhatItKeeps: a caller keeps at most its limit of outcomes (the
// oldest go first, another caller's stay), and an outcome over MaxBodyBytes is refused and
// not kept.
func TestIdempotencyStore_BoundsWhatItKeeps(t *testing.T) {
	t.Parallel()
	db := pgtest.Open(t)
	store := postgres.NewIdempotencyStore(db, postgres.KeysPerCaller(3))
	alice, bob := uuid.New(), uuid.New()
	hash := []byte("request")
	keep := func(caller uuid.UUID, key string, at time.Time) {
		t.Helper()
		if r, err := store.Claim(ctx, caller, key, hash, at); r != nil || err != nil {
			t.Fatalf("claim %s: %v %v", key, r, err)
		}
		if err := store.Complete(ctx, caller, key, idempotency.Response{Status: 201, Body: []byte(key)}, at); err != nil {
			t.Fatalf("complete %s: %v", key, err)
		}
	}
	keep(bob, "b-1", base)
	for i := range 5 {
		keep(alice, fmt.Sprintf("a-%d", i), base.Add(time.Duration(i)*time.Second))
	}
	count := func(caller uuid.UUID) int {
		var n int
		if err := db.Get(&n, "SELECT count(*) FROM idempotency_keys WHERE caller = $1", caller); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(alice); n != 3 {
		t.Errorf("alice keeps %d outcomes, want the limit 3", n)
	}
	now := base.Add(time.Minute)
	for i := range 5 {
		key := fmt.Sprintf("a-%d", i)
		r, err := store.Claim(ctx, alice, key, hash, now)
		switch evicted := i < 2; {
		case err != nil:
			t.Errorf("%s: %v", key, err)
		case evicted && r != nil, !evicted && (r == nil || string(r.Body) != key):
			t.Errorf("%s (evicted %v): %+v", key, evicted, r)
		}
	}
	if r, err := store.Claim(ctx, bob, "b-1", hash, now); err != nil || r == nil {
		t.Errorf("bob's outcome went with alice's: %v %v", r, err)
	}

	if r, err := store.Claim(ctx, bob, "big", hash, now); r != nil || err != nil {
		t.Fatal(r, err)
	}
	big := idempotency.Response{Status: 201, Body: bytes.Repeat([]byte("x"), idempotency.MaxBodyBytes+1)}
	if err := store.Complete(ctx, bob, "big", big, now); !errors.Is(err, idempotency.ErrTooLarge) {
		t.Errorf("an outcome of %d bytes: err = %v, want ErrTooLarge", len(big.Body), err)
	}
	var status *int
	if err := db.Get(&status, "SELECT status FROM idempotency_keys WHERE caller = $1 AND key = 'big'", bob); err != nil || status != nil {
		t.Errorf("the too-large outcome was kept: status %v, %v", status, err)
	}
}

// TestIdempotencyStore_AnUnreleasedClaimExpiresWithItsLease: a request whose key could not be
// released (the database stopped answering under it) blocks a retry only for the claim's
// lease, not for the whole TTL; a kept outcome still lives the TTL.
func TestIdempotencyStore_AnUnreleasedClaimExpiresWithItsLease(t *testing.T) {
	t.Parallel()
	store := postgres.NewIdempotencyStore(pgtest.Open(t))
	caller, hash := uuid.New(), []byte("request")
	if r, err := store.Claim(ctx, caller, "k", hash, base); r != nil || err != nil {
		t.Fatalf("claim: %v %v", r, err)
	}
	if _, err := store.Claim(ctx, caller, "k", hash, base.Add(idempotency.ClaimLease-time.Second)); !errors.Is(err, idempotency.ErrInFlight) {
		t.Errorf("within the lease: err = %v, want ErrInFlight", err)
	}
	if r, err := store.Claim(ctx, caller, "k", hash, base.Add(idempotency.ClaimLease+time.Second)); r != nil || err != nil {
		t.Errorf("past the lease: %v %v, want the key claimed again", r, err)
	}
	at := base.Add(idempotency.ClaimLease + time.Second)
	if err := store.Complete(ctx, caller, "k", idempotency.Response{Status: 201, Body: []byte("x")}, at); err != nil {
		t.Fatal(err)
	}
	if r, err := store.Claim(ctx, caller, "k", hash, at.Add(idempotency.TTL-time.Second)); err != nil || r == nil || r.Status != 201 {
		t.Errorf("a kept outcome within the TTL: %v %v, want it replayed", r, err)
	}
}
