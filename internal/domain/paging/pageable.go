// Package paging is the vocabulary repositories speak for paged reads: which page of what size in
// which order (Pageable), and what came back (Page). It mirrors Spring Data's Pageable and Page so
// that clients used to those find no surprises.
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

// ErrInvalidPageable is matched by every error NewPageable returns.
var ErrInvalidPageable = errors.New("invalid page request")

// Pageable asks for one page: a 0-based number, a size, and a sort.
type Pageable struct {
	Page int
	Size int
	Sort Sort
}

// NewPageable checks the bounds of a page request.
func NewPageable(page, size int, sort Sort) (Pageable, error) {
	if page < 0 {
		return Pageable{}, fmt.Errorf("%w: page must not be negative", ErrInvalidPageable)
	}
	if size < 1 || size > MaxSize {
		return Pageable{}, fmt.Errorf("%w: size must be between 1 and %d", ErrInvalidPageable, MaxSize)
	}
	return Pageable{Page: page, Size: size, Sort: sort}, nil
}

// Offset is the number of rows before the page.
func (p Pageable) Offset() int64 { return int64(p.Page) * int64(p.Size) }
