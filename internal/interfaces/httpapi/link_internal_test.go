package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hubd/hubd/internal/domain/paging"
)

// linkHeaderByValues is the Link header as url.Values renders it: the reference linkHeader's
// single builder must match byte for byte.
func linkHeaderByValues(spec *SearchSpec, rawQuery string, page paging.Page[int], nextCursor string) string {
	q, _ := url.ParseQuery(rawQuery)
	keep := url.Values{}
	for _, name := range append(append([]string{}, spec.filters...), paramIsDeleted, paramSize, paramSort, paramCount) {
		if v, ok := q[name]; ok {
			keep[name] = v
		}
	}
	link := func(rel, param, value string) string {
		v := url.Values{}
		for k, vs := range keep {
			v[k] = vs
		}
		v.Set(param, value)
		return "<" + spec.path + "?" + v.Encode() + `>; rel="` + rel + `"`
	}
	numbered := func(rel string, n int) string { return link(rel, paramPage, strconv.Itoa(n)) }
	last := max(page.TotalPages()-1, 0)
	links := []string{numbered("first", 0)}
	if !page.Keyset && page.Number > 0 {
		prev := page.Number - 1
		if page.Total != paging.TotalUnknown {
			prev = min(prev, last)
		}
		links = append(links, numbered("prev", prev))
	}
	switch {
	case page.HasNext && page.Keyset:
		links = append(links, link("next", paramCursor, nextCursor))
	case page.HasNext:
		links = append(links, numbered("next", page.Number+1))
	}
	if page.Total != paging.TotalUnknown {
		links = append(links, numbered("last", last))
	}
	return strings.Join(links, ", ")
}

// TestLinkHeaderMatchesURLValues: the Link header written into one builder is what
// url.Values.Encode makes of the same parameters, for filters that sort before and after
// page and cursor, repeated sorts, escaped values and every kind of page.
func TestLinkHeaderMatchesURLValues(t *testing.T) {
	spec := NewSearchSpec("/api/v1/hubs", []string{"hubId", "hubName", "hubManagerId", "q", "zeta"}, []string{"hubName", "createdAt"})
	queries := []string{
		"",
		"hubManagerId=6f1c7a0e-0000-4000-8000-000000000001",
		"hubName=%EC%84%9C%EC%9A%B8+%26+co%3D&sort=hubName,desc&sort=createdAt&size=5&count=estimated",
		"q=a%2Bb&zeta=z&isDeleted=true&page=3&size=7",
		"cursor=abc.def&count=none&zeta=%20x",
		"page=2&size=10&count=exact&hubId=6f1c7a0e-0000-4000-8000-000000000002&unknown=dropped",
	}
	pages := []paging.Page[int]{
		{Size: 20, Number: 0, Total: paging.TotalExact, TotalElements: 171, HasNext: true},
		{Size: 5, Number: 3, Total: paging.TotalExact, TotalElements: 12},
		{Size: 5, Number: 3, Total: paging.TotalEstimate, TotalElements: 120000, HasNext: true},
		{Size: 20, Number: 4, Total: paging.TotalUnknown, HasNext: true},
		{Size: 20, Keyset: true, Total: paging.TotalUnknown, HasNext: true},
		{Size: 20, Keyset: true, Total: paging.TotalUnknown},
	}
	for _, q := range queries {
		for i, p := range pages {
			values, err := url.ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			got := linkHeader(spec, values, p, "eyJr.c2ln-_")
			if want := linkHeaderByValues(spec, q, p, "eyJr.c2ln-_"); got != want {
				t.Errorf("query %q, page %d:\n got %s\nwant %s", q, i, got, want)
			}
		}
	}
}
