// Package paging is the vocabulary repositories speak for paged reads: which page of what size in
// which order (Pageable), and what came back (Page). It mirrors Spring Data's Pageable and Page so
// that clients used to those find no surprises, and adds keyset continuation (Cursor) and count
// modes for results too large to count on every request.
package paging

import (
	"errors"
	"fmt"
)

// Limits of a page request.
const (
	DefaultSize = 20
	MaxSize     = 100
)

// Direction is the direction of one sort order.
type Direction int

// The two directions; Asc is the zero value.
const (
	Asc Direction = iota
	Desc
)

func (d Direction) String() string {
	if d == Desc {
		return "desc"
	}
	return "asc"
}

// Order sorts by one property, named in the aggregate's own terms (e.g. "hubName").
type Order struct {
	Property  string
	Direction Direction
}

// Sort is a list of orders, most significant first. Repositories append the identity as the
// final tie-breaker so the order is total and stable.
type Sort []Order

// CountMode says how a page learns the size of the whole result.
type CountMode int

const (
	// CountExact counts every match, but only when the content cannot tell the total.
	CountExact CountMode = iota
	// CountEstimated counts exactly up to ExactCountLimit matches and above that takes the
	// planner's estimate, which is cheap however large the result.
	CountEstimated
	// CountNone never counts; the page only says whether another follows.
	CountNone
)

// ExactCountLimit is how far CountEstimated counts before it estimates.
const ExactCountLimit = 10000

// Cursor is a position in an ordered result: the sort-key values of the last row of a page, in
// sort order and ending with the row's id, as text. A keyset page continues after it, which
// costs the same at any depth.
type Cursor struct {
	Keys []string
}

// ErrInvalidPageable is matched by every error NewPageable returns.
var ErrInvalidPageable = errors.New("invalid page request")

// Pageable asks for one page: a 0-based number or a cursor, a size, a sort and a count mode.
type Pageable struct {
	Page  int
	Size  int
	Sort  Sort
	Count CountMode
	// After, when set, asks for the rows after this position instead of page Page (which must
	// then be 0): keyset pagination.
	After *Cursor
}

// NewPageable checks the bounds of a page request.
func NewPageable(page, size int, sort Sort) (Pageable, error) {
	p := Pageable{Page: page, Size: size, Sort: sort}
	return p, p.Check()
}

// Check reports what is wrong with a page request, if anything.
func (p Pageable) Check() error {
	switch {
	case p.Page < 0:
		return fmt.Errorf("%w: page must not be negative", ErrInvalidPageable)
	case p.Size < 1 || p.Size > MaxSize:
		return fmt.Errorf("%w: size must be between 1 and %d", ErrInvalidPageable, MaxSize)
	case p.Count < CountExact || p.Count > CountNone:
		return fmt.Errorf("%w: unknown count mode %d", ErrInvalidPageable, p.Count)
	case p.After != nil && p.Page != 0:
		return fmt.Errorf("%w: a cursor and a page number cannot be combined", ErrInvalidPageable)
	}
	return nil
}

// Offset is the number of rows before the page; 0 for a keyset page.
func (p Pageable) Offset() int64 {
	if p.After != nil {
		return 0
	}
	return int64(p.Page) * int64(p.Size)
}
