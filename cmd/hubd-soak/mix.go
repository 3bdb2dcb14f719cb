package main

import (
	"math/rand/v2"
)

// kind is one operation of the mix. Most are one HTTP request; kindDeleteRestore is two (a
// DELETE and the restore that undoes it, by the same worker, back to back).
type kind int

const (
	kindSearchPrefix  kind = iota // hubName=<prefix>
	kindSearchManager             // hubManagerId=<id>
	kindSearchPage                // no filter, page N, every count mode
	kindSearchCursor              // the next page of a search, by its nextCursor
	kindSearchText                // q=<substring>
	kindSearchDeleted             // isDeleted=true
	kindGet                       // GET /hubs/{id}
	kindCreate                    // POST /hubs, a unique name
	kindPatch                     // PATCH a hub the soak created, If-Match half the time
	kindDeleteRestore             // DELETE a hub the soak created, then restore it
	numKinds
)

// labels name the kinds in the report; the requests of kindDeleteRestore are reported as
// "delete" and "restore".
var labels = [numKinds]string{
	kindSearchPrefix:  "search prefix",
	kindSearchManager: "search manager",
	kindSearchPage:    "search page",
	kindSearchCursor:  "search cursor",
	kindSearchText:    "search q",
	kindSearchDeleted: "search deleted",
	kindGet:           "get",
	kindCreate:        "create",
	kindPatch:         "patch",
	kindDeleteRestore: "delete+restore",
}

func (k kind) String() string {
	if k < 0 || k >= numKinds {
		return "unknown"
	}
	return labels[k]
}

// isSearch reports whether k is one of the search kinds.
func (k kind) isSearch() bool { return k <= kindSearchDeleted }

// defaultWeights is the mix in percent of operations: 60 searches, 20 gets, 10 creates,
// 8 patches, 2 delete+restore.
var defaultWeights = [numKinds]int{
	kindSearchPrefix:  15,
	kindSearchManager: 10,
	kindSearchPage:    12,
	kindSearchCursor:  12,
	kindSearchText:    6,
	kindSearchDeleted: 5,
	kindGet:           20,
	kindCreate:        10,
	kindPatch:         8,
	kindDeleteRestore: 2,
}

// mix picks kinds at random in proportion to their weights.
type mix struct {
	cum   [numKinds]int // cumulative weights
	total int
}

func newMix(weights [numKinds]int) mix {
	var m mix
	for k, w := range weights {
		m.total += max(w, 0)
		m.cum[k] = m.total
	}
	return m
}

// pick draws one kind; r is the caller's (the scheduler's), so a seed fixes the sequence.
func (m mix) pick(r *rand.Rand) kind {
	x := r.IntN(m.total)
	for k, c := range m.cum {
		if x < c {
			return kind(k)
		}
	}
	return numKinds - 1 // unreachable with a positive total
}
