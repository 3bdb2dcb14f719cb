package postgres

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/hubd/hubd/internal/application/consistency"
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

// A token may carry the feed seq of its change after its WAL position; the router reads the
// position of both forms, and refuses a malformed seq as it refuses a malformed position.
func TestParseLSNReadsBothTokenForms(t *testing.T) {
	for _, s := range []string{"16/B374D848", "16/B374D848@42"} {
		if l, err := parseLSN(s); err != nil || l.String() != "16/B374D848" {
			t.Errorf("parseLSN(%q) = %v, %v", s, l, err)
		}
	}
	for _, s := range []string{"16/B374D848@", "16/B374D848@x", "16/B374D848@0", "@42", "16@42", ""} {
		if _, err := parseLSN(s); !errors.Is(err, consistency.ErrInvalidToken) {
			t.Errorf("parseLSN(%q): %v", s, err)
		}
	}
}
