package postgres_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// The differential tests of every aggregate's search share their reference: the records the
// condition matches, sorted here as a search sorts them (sortLike), sliced to the page asked for
// (pageIDs), and the whole result followed by cursor (walkByCursor).

// sortLike sorts records as a search with sort orders them (def when sort is empty): by each
// order's property (by), then by the id in the direction of the last order, the tie-breaker
// every search ends with.
func sortLike[R any](records []R, sort, def paging.Sort, by map[string]func(a, b R) int, id func(R) uuid.UUID) {
	if len(sort) == 0 {
		sort = def
	}
	slices.SortStableFunc(records, func(a, b R) int {
		for _, o := range sort {
			c := by[o.Property](a, b)
			if o.Direction == paging.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		x, y := id(a), id(b)
		c := bytes.Compare(x[:], y[:])
		if sort[len(sort)-1].Direction == paging.Desc {
			return -c
		}
		return c
	})
}

// idsOf are the ids of records, in their order.
func idsOf[R any](records []R, id func(R) uuid.UUID) []uuid.UUID {
	out := make([]uuid.UUID, len(records))
	for i, r := range records {
		out[i] = id(r)
	}
	return out
}

// pageOf is the page p of sorted records.
func pageOf[R any](records []R, p paging.Pageable) []R {
	from := min(int(p.Offset()), len(records))
	return records[from:min(from+p.Size, len(records))]
}

// walkByCursor follows search's Next cursors from p to the last page (at most limit pages),
// handing each page to check (when not nil), and returns the ids of every page's content.
func walkByCursor[V any](search func(paging.Pageable) paging.Page[V], p paging.Pageable, id func(V) uuid.UUID, limit int, check func(paging.Page[V])) []uuid.UUID {
	var got []uuid.UUID
	for range limit {
		page := search(p)
		if check != nil {
			check(page)
		}
		got = append(got, idsOf(page.Content, id)...)
		if page.Next == nil {
			break
		}
		p.After = page.Next
	}
	return got
}

// countCase is a page of a search that matches ten records, and whether a count statement has
// to run for it (the content, read one row past the page, cannot tell the total).
type countCase struct {
	name       string
	page, size int
	counted    bool
}

// countCases are the pages every search's count test asks for, of ten matching records.
var countCases = []countCase{
	{"first page not full", 0, 20, false},
	{"first page exactly full (the extra row tells)", 0, 10, false},
	{"first page full", 0, 4, true},
	{"middle page full", 1, 4, true},
	{"last page not full", 2, 4, false},
	{"page past the end", 3, 4, true},
	{"far past the end", 99, 4, true},
}

// checkCounted asserts what the search of c issued since log's Reset (a count statement exactly
// when c.counted, one content statement) and that page tells the ten matching records; label
// names the search in the errors.
func checkCounted[V any](t *testing.T, log *pgtest.Log, label string, c countCase, page paging.Page[V]) {
	t.Helper()
	counts, selects := log.Count("SELECT COUNT("), log.Count("SELECT ")
	if want := map[bool]int{false: 0, true: 1}[c.counted]; counts != want {
		t.Errorf("%s%s: %d count statements, want %d: %q", label, c.name, counts, want, log.Statements())
	}
	if selects-counts != 1 {
		t.Errorf("%s%s: %d content statements, want 1: %q", label, c.name, selects-counts, log.Statements())
	}
	if page.TotalElements != 10 {
		t.Errorf("%s%s: total %d, want 10", label, c.name, page.TotalElements)
	}
}
