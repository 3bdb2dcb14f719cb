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

// TestOfCountsOnlyWhenContentCannotTell is Spring Data's PageableExecutionUtils rule, case by case.
func TestOfCountsOnlyWhenContentCannotTell(t *testing.T) {
	const trueTotal = 999
	cases := []struct {
		name      string
		page, n   int
		wantCount bool
		wantTotal int64
	}{
		{"first page, not full", 0, 3, false, 3},
		{"first page, empty", 0, 0, false, 0},
		{"first page, full", 0, 5, true, trueTotal},
		{"later page, not full", 2, 4, false, 14},
		{"later page, full", 2, 5, true, trueTotal},
		{"later page, empty (maybe past the end)", 7, 0, true, trueTotal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := paging.NewPageable(c.page, 5, nil)
			counted := false
			page, err := paging.Of(context.Background(), make([]int, c.n), p, func(context.Context) (int64, error) {
				counted = true
				return trueTotal, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if counted != c.wantCount || page.TotalElements != c.wantTotal {
				t.Errorf("counted %v total %d, want %v %d", counted, page.TotalElements, c.wantCount, c.wantTotal)
			}
			if page.Content == nil || page.Number != c.page || page.Size != 5 {
				t.Errorf("page %+v", page)
			}
		})
	}
}

func TestOfPassesCountErrors(t *testing.T) {
	boom := errors.New("boom")
	p, _ := paging.NewPageable(0, 2, nil)
	_, err := paging.Of(context.Background(), []int{1, 2}, p, func(context.Context) (int64, error) { return 0, boom })
	if !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
}

func TestMapKeepsNumbers(t *testing.T) {
	in := paging.Page[int]{Content: []int{1, 2}, Number: 3, Size: 2, TotalElements: 9}
	out := paging.Map(in, func(i int) string { return string(rune('a' + i)) })
	if out.Content[1] != "c" || out.Number != 3 || out.TotalElements != 9 || !out.HasNext() {
		t.Errorf("%+v", out)
	}
}
