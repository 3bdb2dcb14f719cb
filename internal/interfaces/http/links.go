package httpapi

import (
	"net/url"
	"strconv"
	"strings"
)

// linkHeader builds the RFC 8288 Link header of a page: first and last always, prev and next
// where they exist, each with the request's own filters and sort. The targets are relative
// references (path and query), which stay right behind proxies that rewrite the host.
func linkHeader(path, rawQuery string, page, totalPages int) string {
	q, _ := url.ParseQuery(rawQuery) // already parsed once by parseSearch
	keep := url.Values{}
	for _, name := range []string{paramHubID, paramHubName, paramManagerID, paramIsDeleted, paramSize, paramSort} {
		if v, ok := q[name]; ok {
			keep[name] = v
		}
	}
	link := func(rel string, n int) string {
		keep.Set(paramPage, strconv.Itoa(n))
		return "<" + path + "?" + keep.Encode() + `>; rel="` + rel + `"`
	}
	last := max(totalPages-1, 0)
	links := []string{link("first", 0)}
	if page > 0 {
		links = append(links, link("prev", min(page-1, last)))
	}
	if page < last {
		links = append(links, link("next", page+1))
	}
	links = append(links, link("last", last))
	return strings.Join(links, ", ")
}
