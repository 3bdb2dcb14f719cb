package shipper

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// The fair rotation (POST /hubs/{hubId}/shipper-assignments) hands out the live shippers of one
// type at one hub in turn. Its design:
//
// One counter per (hub, type), a row of shipper_rotations, is advanced by one atomic statement,
// INSERT … ON CONFLICT (hub_id, shipper_type) DO UPDATE SET next_turn = next_turn + 1 RETURNING
// the turn before. The row lock that statement takes lives only as long as the statement's own
// transaction, a few microseconds, never across requests; PostgreSQL queues concurrent increments
// on it and each sees the value its predecessor committed, so concurrent requests receive the
// turns 0, 1, 2, … each exactly once, whatever their interleaving. The shipper handed out is the
// Turn(turn, n)-th of the n live shippers of the type at the hub, in shipperId order, read in
// the same statement (a CTE over the partial index on (hub_id, shipper_type, shipper_id)).
// 1,000 concurrent assignments over 7 shippers receive the turns 0…999: 1,000 = 7 × 142 + 6, so
// six shippers get 143 and one 142, exactly, with no retry. Membership is read at every turn:
// a shipper deleted or moved away is no longer among the n at once, one registered or moved in
// is at once; the cycle then continues over the new list from the next turn, so a change of the
// list can cost or give a shipper one turn, and the rounds after it are even again.
//
// The alternative, a count per shipper (ORDER BY assigned_count, shipper_id LIMIT 1 FOR UPDATE
// SKIP LOCKED, then assigned_count + 1), is not exact under concurrency: a request orders the
// shippers by the counts of its snapshot, and FOR UPDATE re-reads a row a concurrent request
// changed without sorting again, so it can take a shipper whose count just grew past another's;
// when more requests run than there are shippers, SKIP LOCKED finds every row locked and
// returns nothing (a retry, or a wait with plain FOR UPDATE, which is a lock across the queue).
// And a newly registered shipper, at count 0, would take every assignment until it caught up.

// Turn is the index, among n live shippers in shipperId order, of the shipper that the rotation's
// turn-th assignment hands out: turn mod n. n must be positive (no shipper is ErrNoShipper).
func Turn(turn int64, n int) int {
	i := turn % int64(n)
	if i < 0 { // a counter is never negative; guard against a corrupted one all the same
		i += int64(n)
	}
	return int(i)
}

// Assignment is one shipper handed out by the rotation, and when.
type Assignment struct {
	Shipper    *Shipper
	AssignedAt time.Time
}

// Rotation is the port of the fair rotation (see Turn). Implementations must be safe for
// concurrent use and hold no lock across calls.
type Rotation interface {
	// Next advances the (hubID, t) counter by one and returns the live shipper of type t at
	// hubID whose turn it is; ErrNoShipper when the hub has none of that type (the counter may
	// still advance: a turn without a shipper is no one's).
	Next(ctx context.Context, hubID uuid.UUID, t Type) (Assignment, error)
}
