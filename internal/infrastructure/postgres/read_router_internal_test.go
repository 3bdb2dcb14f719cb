package postgres

import (
	"context"
	"math"
	"testing"
)

// The round-robin counter is a uint64: past MaxInt64 reads it must still pick a replica, not
// turn negative as an int and index out of range.
func TestReaderRoundRobinPastMaxInt(t *testing.T) {
	primary := &preparedDB{}
	r := &ReadRouter{reads: primary, replicas: []*replica{{}, {}, {}}}
	for _, n := range []uint64{math.MaxInt64 - 1, math.MaxInt64, math.MaxUint64 - 1} {
		r.next.Store(n)
		for range 4 {
			// No replica has been checked yet, so none is a candidate: the primary answers.
			if got, err := r.reader(context.Background()); err != nil || got != primary {
				t.Fatalf("reader after %d reads = %p, %v; want the primary %p", n, got, err, primary)
			}
		}
	}
}
