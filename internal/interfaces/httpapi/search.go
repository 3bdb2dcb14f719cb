package httpapi

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/domain/paging"
)

// The parameters every search shares: paging, counting, the cursor and the deleted switch.
const (
	paramIsDeleted = "isDeleted"
	paramPage      = "page"
	paramSize      = "size"
	paramSort      = "sort"
	paramCount     = "count"
	paramCursor    = "cursor"
)

// maxPage keeps offsets inside what PostgreSQL and int64 hold with room to spare; a page that far
// is past the end of any real result and still answers 200 with the true totals.
const maxPage = 1<<31 - 1

// SearchSpec is the outside of one search endpoint, for any aggregate: its path, its filter
// parameters and its sortable fields. The paging parameters (page, size, sort, count, cursor)
// and isDeleted are every search's, parsed here once.
type SearchSpec struct {
	path     string
	filters  []string
	sortable []string
	query    querySpec
	// linked are the parameters the Link header's targets keep (the filters, isDeleted, size,
	// sort and count), sorted by name as url.Values.Encode writes them.
	linked []string
}

// NewSearchSpec describes the search at path (as the Link header names it) with its filter
// parameters and the fields it sorts by.
func NewSearchSpec(path string, filters, sortable []string) *SearchSpec {
	names := append(append([]string{}, filters...), paramIsDeleted, paramPage, paramSize, paramSort, paramCount, paramCursor)
	linked := append(append([]string{}, filters...), paramIsDeleted, paramSize, paramSort, paramCount)
	slices.Sort(linked)
	return &SearchSpec{path: path, filters: filters, sortable: sortable, linked: slices.Compact(linked),
		query: querySpec{names: names, repeatable: map[string]bool{paramSort: true}}}
}

// PageRequest is what every search request says besides its filters: the page asked for, the
// deleted switch, and the raw cursor, which Page decodes against the search's fingerprint.
type PageRequest struct {
	Pageable paging.Pageable
	Deleted  bool
	cursor   string
	query    url.Values // the query string Parse read, which the Link header repeats
}

// Parse reads a search's query string strictly: an unknown parameter, a repeated one (but sort)
// or a bad value is a 400 that names its parameter. It returns the filter values, for the
// aggregate's handler to read into its condition, and the page request.
func (s *SearchSpec) Parse(rawQuery string) (url.Values, PageRequest, error) {
	q, err := strictQuery(rawQuery, s.query)
	if err != nil {
		return nil, PageRequest{}, err
	}
	var pr PageRequest
	switch q.Get(paramIsDeleted) {
	case "", "false":
	case "true":
		pr.Deleted = true
	default:
		return nil, pr, BadParam(paramIsDeleted, "must be true or false")
	}
	page, err := intParam(q, paramPage, 0, 0, maxPage)
	if err != nil {
		return nil, pr, err
	}
	size, err := intParam(q, paramSize, paging.DefaultSize, 1, paging.MaxSize)
	if err != nil {
		return nil, pr, err
	}
	sort, err := s.parseSort(q[paramSort])
	if err != nil {
		return nil, pr, err
	}
	if pr.Pageable, err = paging.NewPageable(page, size, sort); err != nil {
		return nil, pr, err
	}
	if pr.Pageable.Count, err = parseCount(q.Get(paramCount)); err != nil {
		return nil, pr, err
	}
	if pr.cursor = q.Get(paramCursor); pr.cursor != "" && q.Has(paramPage) {
		return nil, pr, BadParam(paramCursor, "cannot be combined with page")
	}
	pr.query = q
	return q, pr, nil
}

// parseSort reads sort=field or sort=field,asc|desc, repeatable, each field at most once.
func (s *SearchSpec) parseSort(values []string) (paging.Sort, error) {
	var sort paging.Sort
	seen := map[string]bool{}
	for _, v := range values {
		field, dir, hasDir := strings.Cut(v, ",")
		if !contains(s.sortable, field) {
			return nil, BadParam(paramSort, "must name one of "+strings.Join(s.sortable, ", ")+", optionally followed by ,asc or ,desc")
		}
		if seen[field] {
			return nil, BadParam(paramSort, "names "+field+" more than once")
		}
		seen[field] = true
		o := paging.Order{Property: field}
		switch {
		case !hasDir || strings.EqualFold(dir, "asc"):
		case strings.EqualFold(dir, "desc"):
			o.Direction = paging.Desc
		default:
			return nil, BadParam(paramSort, "direction must be asc or desc")
		}
		sort = append(sort, o)
	}
	return sort, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func parseCount(s string) (paging.CountMode, error) {
	switch s {
	case "", "exact":
		return paging.CountExact, nil
	case "estimated":
		return paging.CountEstimated, nil
	case "none":
		return paging.CountNone, nil
	}
	return 0, BadParam(paramCount, "must be exact, estimated or none")
}

// OptionalUUID reads an optional UUID parameter: nil when absent, a 400 naming it when not a UUID.
func OptionalUUID(q url.Values, name string) (*uuid.UUID, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	id, ok := ParseUUID(s)
	if !ok {
		return nil, BadParam(name, "must be a UUID")
	}
	return &id, nil
}

func intParam(q url.Values, name string, def, minV, maxV int) (int, error) {
	return intParamValue(q.Get(name), name, def, minV, maxV)
}

// Page answers a search, for any aggregate: it decodes the request's cursor against the
// search's fingerprint (its filters, as parts, and its sort: a cursor does not outlive them),
// runs search, signs the next cursor, and writes the Link header and the page, each item by
// appendItem.
func Page[T any](c echo.Context, r *Routes, spec *SearchSpec, req PageRequest, filters []string,
	search func(paging.Pageable) (paging.Page[T], error), appendItem func([]byte, T) []byte) error {
	// The fingerprint only when a cursor is read or written: a last page needs none.
	fingerprint := ""
	p := req.Pageable
	if req.cursor != "" {
		fingerprint = searchFingerprint(filters, req)
		var err error
		if p.After, err = r.cursors.decode(req.cursor, fingerprint); err != nil {
			return BadParam(paramCursor, "is not a cursor of this search (filters and sort must stay the same)")
		}
	}
	page, err := search(p)
	if errors.Is(err, paging.ErrInvalidPageable) && p.After != nil {
		// Signed by us, but no longer fitting: e.g. made before an upgrade changed the sort keys.
		return BadParam(paramCursor, "does not fit this search any more; start again without it")
	}
	if err != nil {
		return err
	}
	var next string
	if page.Next != nil {
		if fingerprint == "" {
			fingerprint = searchFingerprint(filters, req)
		}
		next = r.cursors.encode(page.Next, fingerprint)
	}
	q := req.query
	if q == nil { // a PageRequest that Parse did not make
		q, _ = url.ParseQuery(c.Request().URL.RawQuery)
	}
	c.Response().Header().Set("Link", linkHeader(spec, q, page, next))
	return WriteBody(c, http.StatusOK, func(b []byte) []byte { return AppendPageJSON(b, page, next, appendItem) })
}

// searchFingerprint names a search's filters and sort, the things a cursor must not outlive.
// Size and count mode may change from page to page.
func searchFingerprint(filters []string, req PageRequest) string {
	// "v1", the filters, "deleted" when asked, then each "property,direction", joined by NULs;
	// appended into one buffer rather than joined from a slice of parts.
	var scratch [256]byte
	b := append(scratch[:0], "v1"...)
	for _, f := range filters {
		b = append(append(b, 0), f...)
	}
	if req.Deleted {
		b = append(b, "\x00deleted"...)
	}
	for _, o := range req.Pageable.Sort {
		b = append(append(append(append(b, 0), o.Property...), ','), o.Direction.String()...)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}

// Optional is the fingerprint part of an optional value: "" when absent.
func Optional[T interface{ String() string }](v *T) string {
	if v == nil {
		return ""
	}
	return (*v).String()
}

// linkHeader builds the RFC 8288 Link header of a page, with the request's own filters, sort,
// size and count mode: first always; prev for numbered pages past the first; next when a page
// follows (by cursor when the request used one); last when the total is known. The targets are
// relative references (path and query), which stay right behind proxies that rewrite the host.
// Each query is what url.Values.Encode makes of those parameters and the link's page or cursor
// (names sorted, values in the request's order), written into one builder.
// It takes the query string as Parse read it (not parsed a second time).
func linkHeader[T any](spec *SearchSpec, q url.Values, page paging.Page[T], nextCursor string) string {
	var b strings.Builder
	b.Grow(256)
	link := func(rel, param, value string) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<")
		b.WriteString(spec.path)
		sep := byte('?')
		pair := func(k, v string) {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
		placed := false
		for _, k := range spec.linked { // sorted, and never page or cursor
			vs, ok := q[k]
			if !ok {
				continue
			}
			if !placed && param < k {
				pair(param, value)
				placed = true
			}
			for _, v := range vs {
				pair(k, v)
			}
		}
		if !placed {
			pair(param, value)
		}
		b.WriteString(`>; rel="`)
		b.WriteString(rel)
		b.WriteString(`"`)
	}
	numbered := func(rel string, n int) { link(rel, paramPage, strconv.Itoa(n)) }
	last := max(page.TotalPages()-1, 0)
	numbered("first", 0)
	if !page.Keyset && page.Number > 0 {
		prev := page.Number - 1
		if page.Total != paging.TotalUnknown {
			prev = min(prev, last)
		}
		numbered("prev", prev)
	}
	switch {
	case page.HasNext && page.Keyset:
		link("next", paramCursor, nextCursor)
	case page.HasNext:
		numbered("next", page.Number+1)
	}
	if page.Total != paging.TotalUnknown {
		numbered("last", last)
	}
	return b.String()
}
