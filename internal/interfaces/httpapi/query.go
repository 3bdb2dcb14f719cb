package httpapi

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// querySpec names the query parameters of one endpoint and which of them may be repeated.
type querySpec struct {
	names      []string
	repeatable map[string]bool
}

// The query parameters of each endpoint that takes any.
var (
	feedQuery = querySpec{names: []string{paramAfter, paramLimit, paramAggregateType}}
	// streamQuery: the stream starts after `after` unless Last-Event-ID says where it left off.
	streamQuery = querySpec{names: []string{paramAfter, paramAggregateType}}
)

// NewQuerySpec names the query parameters of an endpoint, none repeatable.
func NewQuerySpec(names ...string) QuerySpec { return querySpec{names: names} }

// QuerySpec names the query parameters of one endpoint (NewQuerySpec).
type QuerySpec = querySpec

// StrictQuery is strictQuery for the aggregates' endpoints.
func StrictQuery(rawQuery string, spec QuerySpec) (url.Values, error) {
	return strictQuery(rawQuery, spec)
}

// strictQuery parses a raw query string strictly: it must be well formed, every parameter must
// be one spec names (a typo such as hubname= must never quietly widen a search), and only the
// repeatable ones may appear more than once. The first offending parameter, in the order the
// client wrote them, is named.
func strictQuery(rawQuery string, spec querySpec) (url.Values, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, BadParam("query", "is not a well-formed query string")
	}
	for rest := rawQuery; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		name, _ = url.QueryUnescape(name) // ParseQuery accepted it, so it unescapes
		switch {
		case !slices.Contains(spec.names, name):
			return nil, unknownParam(name, spec)
		case len(q[name]) > 1 && !spec.repeatable[name]:
			return nil, BadParam(name, "must be given at most once")
		}
	}
	return q, nil
}

// unknownParam names the unknown parameter (by an excerpt: a name can be as long as the URL)
// and lists the ones the endpoint takes.
func unknownParam(name string, spec querySpec) *Problem {
	n, hint := excerpt(name), lookAlike(name, spec.names)
	return NewProblem(http.StatusBadRequest, CodeInvalidParameter,
		"unknown parameter "+strconv.Quote(n)+hint+" (this endpoint takes "+strings.Join(spec.names, ", ")+")",
		FieldError{Field: n, Message: "is not a parameter of this endpoint" + hint})
}
