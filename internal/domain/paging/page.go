package paging

import "context"

// Page is one page of results with the totals of the whole result.
type Page[T any] struct {
	Content       []T
	Number        int
	Size          int
	TotalElements int64
}

// TotalPages is ceil(TotalElements / Size).
func (p Page[T]) TotalPages() int {
	if p.Size <= 0 {
		return 0
	}
	return int((p.TotalElements + int64(p.Size) - 1) / int64(p.Size))
}

// HasNext reports whether a page follows this one.
func (p Page[T]) HasNext() bool { return int64(p.Number+1)*int64(p.Size) < p.TotalElements }

// Map converts the content of a page, keeping its numbers.
func Map[T, U any](p Page[T], f func(T) U) Page[U] {
	out := make([]U, len(p.Content))
	for i, v := range p.Content {
		out[i] = f(v)
	}
	return Page[U]{Content: out, Number: p.Number, Size: p.Size, TotalElements: p.TotalElements}
}

// CountFunc counts every element the page was cut from.
type CountFunc func(ctx context.Context) (int64, error)

// Of builds a page from its content and, only when the content cannot tell, from count. This is
// Spring Data's PageableExecutionUtils.getPage: the total is offset+len(content) when the page is
// the first and not full, or is not full and not empty; otherwise (a full page, or an empty page
// past the first, which might be past the end) it has to be counted.
func Of[T any](ctx context.Context, content []T, p Pageable, count CountFunc) (Page[T], error) {
	page := Page[T]{Content: content, Number: p.Page, Size: p.Size}
	if content == nil {
		page.Content = []T{}
	}
	n := len(content)
	if (p.Offset() == 0 || n != 0) && n < p.Size {
		page.TotalElements = p.Offset() + int64(n)
		return page, nil
	}
	total, err := count(ctx)
	if err != nil {
		return Page[T]{}, err
	}
	page.TotalElements = total
	return page, nil
}
