package httpapi

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/paging"
)

// linkHeader builds the RFC 8288 Link header of a page, with the request's own filters, sort,
// size and count mode: first always; prev for numbered pages past the first; next when a page
// follows (by cursor when the request used one); last when the total is known. The targets are
// relative references (path and query), which stay right behind proxies that rewrite the host.
func linkHeader(path, rawQuery string, page paging.Page[query.HubView], nextCursor string) string {
	q, _ := url.ParseQuery(rawQuery) // already parsed once by parseSearch
	keep := url.Values{}
	for _, name := range []string{paramHubID, paramHubName, paramManagerID, paramIsDeleted, paramSize, paramSort, paramQ, paramCount} {
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
		return "<" + path + "?" + v.Encode() + `>; rel="` + rel + `"`
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
