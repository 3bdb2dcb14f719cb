package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
)

// data are the request parameters picked from the seeded database before the load: real
// ids, name prefixes, managers and substrings, so that searches find something.
type data struct {
	liveIDs      []string // seeded live hubs, which the soak never changes
	prefixes     []string // 1 to 3 leading characters of live names
	managers     []string // managers of live hubs
	texts        []string // 3-character substrings of live names
	livePages    int      // pages of live hubs at the default size
	deletedPages int      // pages of deleted hubs at the default size
}

// oneOf returns a random element of xs, which must not be empty.
func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// setSort adds sort=… unless s is "" (the default sort, createdAt desc).
func setSort(q url.Values, s string) {
	if s != "" {
		q.Set("sort", s)
	}
}

// addCountAndSize varies count= (absent meaning exact) and size= (absent meaning 20).
func addCountAndSize(r *rand.Rand, q url.Values, counts ...string) {
	if len(counts) == 0 {
		counts = []string{"", "exact", "estimated", "none"}
	}
	if c := oneOf(r, counts); c != "" {
		q.Set("count", c)
	}
	if s := oneOf(r, []string{"", "", "10", "50"}); s != "" {
		q.Set("size", s)
	}
}

// searchQuery builds the query string of one search of kind k (not kindSearchCursor, whose
// requests continue earlier ones: see cursorBase). Every query is valid: a 4xx is an error.
func searchQuery(r *rand.Rand, k kind, d *data) url.Values {
	q := url.Values{}
	switch k {
	case kindSearchPrefix:
		q.Set("hubName", oneOf(r, d.prefixes))
		setSort(q, oneOf(r, []string{"hubName", "hubName", "hubName,desc", ""}))
		if r.IntN(5) == 0 {
			q.Set("page", strconv.Itoa(1+r.IntN(3)))
		}
		addCountAndSize(r, q)
	case kindSearchManager:
		q.Set("hubManagerId", oneOf(r, d.managers))
		setSort(q, oneOf(r, []string{"", "hubName", "updatedAt,desc"}))
		addCountAndSize(r, q)
	case kindSearchPage:
		setSort(q, oneOf(r, []string{"", "hubName", "createdAt", "updatedAt,desc"}))
		q.Set("page", strconv.Itoa(r.IntN(max(d.livePages, 1))))
		addCountAndSize(r, q)
	case kindSearchText:
		q.Set("q", oneOf(r, d.texts))
		addCountAndSize(r, q, "none", "estimated", "")
	case kindSearchDeleted:
		q.Set("isDeleted", "true")
		q.Set("page", strconv.Itoa(r.IntN(min(max(d.deletedPages, 1), 5))))
		addCountAndSize(r, q)
	default:
		panic(fmt.Sprintf("searchQuery: %v is not a plain search", k))
	}
	return q
}

// cursorBase is the filters and sort of a new chain of cursor pages; its first request is the
// base with count=none, later ones add cursor= (and never page=, which the service refuses).
func cursorBase(r *rand.Rand, d *data) url.Values {
	switch r.IntN(4) {
	case 0:
		return url.Values{}
	case 1:
		return url.Values{"sort": {"hubName"}}
	case 2:
		return url.Values{"hubName": {oneOf(r, d.prefixes)}, "sort": {"hubName"}}
	default:
		return url.Values{"hubManagerId": {oneOf(r, d.managers)}, "sort": {"updatedAt,desc"}}
	}
}

// cursorQuery is the next page of a chain: its base, its cursor, a count mode that costs
// little and sometimes another size (both may change between pages; filters and sort may not).
func cursorQuery(r *rand.Rand, base url.Values, cursor string) url.Values {
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	addCountAndSize(r, q, "none", "none", "estimated")
	return q
}

// hubBody is the body of POST /hubs.
type hubBody struct {
	HubName      string       `json:"hubName"`
	HubManagerID *string      `json:"hubManagerId,omitempty"`
	Address      addressBody  `json:"address"`
	Location     *locationDoc `json:"location,omitempty"`
}

type addressBody struct {
	ZipCode  string `json:"zipCode,omitempty"`
	Address1 string `json:"address1"`
	Address2 string `json:"address2,omitempty"`
}

type locationDoc struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// uniqueName is the n-th name of this run: the run token keeps it apart from every seeded
// name and every other run, n from every other name of the run, so a create never meets 409.
func uniqueName(r *rand.Rand, token string, n int64) string {
	if r.IntN(10) < 7 {
		return fmt.Sprintf("소크 %s 센터 %d", token, n)
	}
	return fmt.Sprintf("Soak %s Hub %d", token, n)
}

// randomLocation is a point in South Korea.
func randomLocation(r *rand.Rand) *locationDoc {
	return &locationDoc{Latitude: 33.2 + r.Float64()*5.3, Longitude: 126 + r.Float64()*3.5}
}

// createBody is a valid new hub named uniqueName(n): with a manager and a location most of
// the time, so that manager searches see new hubs too.
func createBody(r *rand.Rand, token string, n int64, d *data) []byte {
	b := hubBody{
		HubName: uniqueName(r, token, n),
		Address: addressBody{Address1: fmt.Sprintf("soak road %d", n)},
	}
	if r.IntN(4) != 0 {
		m := oneOf(r, d.managers)
		b.HubManagerID = &m
	}
	if r.IntN(5) != 0 {
		b.Location = randomLocation(r)
	}
	if r.IntN(2) == 0 {
		b.Address.ZipCode = fmt.Sprintf("%05d", r.IntN(100000))
		b.Address.Address2 = "floor " + strconv.Itoa(1+r.IntN(30))
	}
	return mustJSON(b)
}

// patchBody is a JSON Merge Patch of one or two fields; a new name is uniqueName(n).
func patchBody(r *rand.Rand, token string, n int64, d *data) []byte {
	p := map[string]any{}
	switch r.IntN(10) {
	case 0, 1, 2:
		p["hubName"] = uniqueName(r, token, n)
	case 3, 4:
		p["address"] = map[string]any{"address2": fmt.Sprintf("patched %d", n)}
	case 5:
		p["address"] = map[string]any{"zipCode": fmt.Sprintf("%05d", r.IntN(100000)), "address2": nil}
	case 6, 7:
		if r.IntN(4) == 0 {
			p["hubManagerId"] = nil
		} else {
			p["hubManagerId"] = oneOf(r, d.managers)
		}
	default:
		p["location"] = randomLocation(r)
		if r.IntN(3) == 0 {
			p["address"] = map[string]any{"address1": fmt.Sprintf("soak avenue %d", n)}
		}
	}
	return mustJSON(p)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own plain types: cannot happen
	}
	return b
}
