package paging

import "context"

// TotalKind says what a page's TotalElements is worth.
type TotalKind int

const (
	// TotalExact means TotalElements is the exact number of matches.
	TotalExact TotalKind = iota
	// TotalEstimate means TotalElements is the planner's estimate; there are more than
	// ExactCountLimit matches.
	TotalEstimate
	// TotalUnknown means nothing was counted (CountNone).
	TotalUnknown
)

// Page is one page of results with what is known of the whole result.
type Page[T any] struct {
	Content       []T
	Number        int // meaningless for a keyset page (Keyset true)
	Size          int
	TotalElements int64
	Total         TotalKind
	// HasNext is exact in every mode: the content query fetches one row more than the size.
	HasNext bool
	// Next is where the following page starts, when there is one.
	Next *Cursor
	// Keyset reports that the page continued a cursor rather than being numbered.
	Keyset bool
}

// TotalPages is ceil(TotalElements / Size).
func (p Page[T]) TotalPages() int {
	if p.Size <= 0 {
		return 0
	}
	return int((p.TotalElements + int64(p.Size) - 1) / int64(p.Size))
}

// Map converts the content of a page, keeping everything else.
func Map[T, U any](p Page[T], f func(T) U) Page[U] {
	out := make([]U, len(p.Content))
	for i, v := range p.Content {
		out[i] = f(v)
	}
	return Page[U]{Content: out, Number: p.Number, Size: p.Size, TotalElements: p.TotalElements,
		Total: p.Total, HasNext: p.HasNext, Next: p.Next, Keyset: p.Keyset}
}

// MapErr converts the content of a page with a function that may fail, keeping everything else.
func MapErr[T, U any](p Page[T], f func(T) (U, error)) (Page[U], error) {
	out := Map(p, func(T) U { var zero U; return zero })
	for i, v := range p.Content {
		var err error
		if out.Content[i], err = f(v); err != nil {
			return Page[U]{}, err
		}
	}
	return out, nil
}

// CountFunc counts every element the page was cut from; estimated reports that the number is the
// planner's estimate rather than a count.
type CountFunc func(ctx context.Context) (total int64, estimated bool, err error)

// Of builds a page from content fetched with one row more than the page size (so HasNext is
// exact) and, only when the content cannot tell the total, from count.
//
// This is Spring Data's PageableExecutionUtils.getPage, sharpened by the extra row: the total is
// offset+len(content) when no row follows and the page is the first or not empty. A page with a
// follower, an empty page past the first (which might be past the end) and any keyset page
// (whose offset is unknown) have to be counted, unless the mode is CountNone.
func Of[T any](ctx context.Context, content []T, p Pageable, count CountFunc) (Page[T], error) {
	page := Page[T]{Content: content, Number: p.Page, Size: p.Size, Keyset: p.After != nil}
	if len(content) > p.Size {
		page.Content, page.HasNext = content[:p.Size], true
	}
	if page.Content == nil {
		page.Content = []T{}
	}
	n := int64(len(page.Content))
	switch {
	case p.Count == CountNone:
		page.Total = TotalUnknown
	case !page.HasNext && !page.Keyset && (p.Offset() == 0 || n > 0):
		page.TotalElements = p.Offset() + n
	default:
		total, estimated, err := count(ctx)
		if err != nil {
			return Page[T]{}, err
		}
		page.TotalElements = total
		if estimated {
			page.Total = TotalEstimate
		}
	}
	return page, nil
}
