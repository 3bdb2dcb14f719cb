package paging_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hubd/hubd/internal/domain/paging"
)

func TestNewPageableBounds(t *testing.T) {
	for _, c := range []struct{ page, size int }{{-1, 20}, {0, 0}, {0, 101}} {
		if _, err := paging.NewPageable(c.page, c.size, nil); !errors.Is(err, paging.ErrInvalidPageable) {
			t.Errorf("page %d size %d: %v", c.page, c.size, err)
		}
	}
	p, err := paging.NewPageable(3, 100, nil)
	if err != nil || p.Offset() != 300 {
		t.Errorf("%+v %v", p, err)
	}
	p.After = &paging.Cursor{Keys: []string{"x"}}
	if err := p.Check(); !errors.Is(err, paging.ErrInvalidPageable) {
		t.Errorf("cursor with page 3: %v", err)
	}
	p.Page = 0
	if err := p.Check(); err != nil || p.Offset() != 0 {
		t.Errorf("cursor: %v offset %d", err, p.Offset())
	}
	p.Count = paging.CountMode(9)
	if err := p.Check(); !errors.Is(err, paging.ErrInvalidPageable) {
		t.Errorf("unknown count mode: %v", err)
	}
}

func TestTotalPages(t *testing.T) {
	for _, c := range []struct {
		total int64
		size  int
		want  int
	}{{0, 20, 0}, {1, 20, 1}, {20, 20, 1}, {21, 20, 2}, {17, 5, 4}} {
		if got := (paging.Page[int]{Size: c.size, TotalElements: c.total}).TotalPages(); got != c.want {
			t.Errorf("total %d size %d: %d pages, want %d", c.total, c.size, got, c.want)
		}
	}
}

// TestOfCountsOnlyWhenContentCannotTell is Spring Data's rule sharpened by the extra row, case by
// case: n is the number of rows the content query returned (at most size+1).
func TestOfCountsOnlyWhenContentCannotTell(t *testing.T) {
	const trueTotal, size = 999, 5
	cursor := &paging.Cursor{Keys: []string{"k"}}
	cases := []struct {
		name      string
		page, n   int
		after     *paging.Cursor
		mode      paging.CountMode
		wantCount bool
		wantTotal int64
		wantNext  bool
		wantKind  paging.TotalKind
	}{
		{"first page, not full", 0, 3, nil, paging.CountExact, false, 3, false, paging.TotalExact},
		{"first page, empty", 0, 0, nil, paging.CountExact, false, 0, false, paging.TotalExact},
		{"first page, exactly full, nothing after", 0, 5, nil, paging.CountExact, false, 5, false, paging.TotalExact},
		{"first page, more after", 0, 6, nil, paging.CountExact, true, trueTotal, true, paging.TotalExact},
		{"later page, not full", 2, 4, nil, paging.CountExact, false, 14, false, paging.TotalExact},
		{"later page, more after", 2, 6, nil, paging.CountExact, true, trueTotal, true, paging.TotalExact},
		{"later page, empty (maybe past the end)", 7, 0, nil, paging.CountExact, true, trueTotal, false, paging.TotalExact},
		{"keyset page, last", 0, 2, cursor, paging.CountExact, true, trueTotal, false, paging.TotalExact},
		{"estimated, more after", 0, 6, nil, paging.CountEstimated, true, trueTotal, true, paging.TotalEstimate},
		{"estimated, content tells", 0, 2, nil, paging.CountEstimated, false, 2, false, paging.TotalExact},
		{"none, more after", 0, 6, nil, paging.CountNone, false, 0, true, paging.TotalUnknown},
		{"none, past the end", 9, 0, nil, paging.CountNone, false, 0, false, paging.TotalUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := paging.Pageable{Page: c.page, Size: size, Count: c.mode, After: c.after}
			counted := false
			page, err := paging.Of(context.Background(), make([]int, c.n), p, func(context.Context) (int64, bool, error) {
				counted = true
				return trueTotal, c.mode == paging.CountEstimated, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if counted != c.wantCount || page.TotalElements != c.wantTotal || page.HasNext != c.wantNext || page.Total != c.wantKind {
				t.Errorf("counted %v total %d next %v kind %d; want %v %d %v %d",
					counted, page.TotalElements, page.HasNext, page.Total, c.wantCount, c.wantTotal, c.wantNext, c.wantKind)
			}
			if page.Content == nil || len(page.Content) > size || page.Number != c.page || page.Size != size || page.Keyset != (c.after != nil) {
				t.Errorf("page %+v", page)
			}
		})
	}
}

func TestOfPassesCountErrors(t *testing.T) {
	boom := errors.New("boom")
	p, _ := paging.NewPageable(0, 2, nil)
	_, err := paging.Of(context.Background(), []int{1, 2, 3}, p, func(context.Context) (int64, bool, error) { return 0, false, boom })
	if !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
}

func TestMapKeepsEverythingButContent(t *testing.T) {
	next := &paging.Cursor{Keys: []string{"a"}}
	in := paging.Page[int]{Content: []int{1, 2}, Number: 3, Size: 2, TotalElements: 9, Total: paging.TotalEstimate, HasNext: true, Next: next, Keyset: true}
	out := paging.Map(in, func(i int) string { return string(rune('a' + i)) })
	if out.Content[1] != "c" || out.Number != 3 || out.TotalElements != 9 || !out.HasNext || out.Next != next || out.Total != paging.TotalEstimate || !out.Keyset {
		t.Errorf("%+v", out)
	}
}
