package postgres_test

import (
	"bytes"
	"slices"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/paging"
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
