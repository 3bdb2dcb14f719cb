package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets send arbitrary input through the whole stack to a real database and assert
// what holds for every input: no 5xx, and every 4xx a well-formed problem+json. CI runs their
// seed corpus (testdata/fuzz and the f.Add seeds) as part of go test.

func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"", "hubName=경기&sort=hubName", "page=-1", "size=1000", "sort=hubName,sideways",
		"hubId=x&hubId=y", "hubName=%25_%5C", "%zz", "isDeleted=true", "page=2147483647&size=100", "hubName=%00",
		"sort=createdAt,desc&sort=updatedAt&sort=hubName,ASC", "hubManagerId=00000000-0000-0000-0000-000000000000",
		"hubname=x", "HUBNAME=x&size=1", "hubManagerId=me", "hubManagerId=ME", "=x", "&&size=2&", "%ED%95%9C=1"} {
		f.Add(s)
	}
	en := newEnv(f)
	en.createHub("경기 북부 센터", nil)
	f.Fuzz(func(t *testing.T, rawQuery string) {
		if strings.ContainsAny(rawQuery, "# ") {
			return // not a query string a client can send
		}
		if _, err := url.ParseRequestURI("/api/v1/hubs?" + rawQuery); err != nil {
			return // net/http refuses such a request line before any handler runs
		}
		en.t = t
		res := en.master("GET", "/api/v1/hubs?"+rawQuery, "")
		if res.Code != http.StatusOK && res.Code != http.StatusBadRequest {
			t.Errorf("query %q: %d %s", rawQuery, res.Code, res.Body)
		}
		if q, err := url.ParseQuery(rawQuery); res.Code == http.StatusOK && err == nil {
			for name := range q {
				if !slices.Contains(searchParams, name) {
					t.Errorf("query %q: 200 with the unknown parameter %q", rawQuery, name)
				}
			}
		}
	})
}

func FuzzCreateBody(f *testing.F) {
	for _, s := range []string{`{"hubName":"a","address":{"address1":"b"}}`, `{}`, `[]`, `null`, `{"hubName":"a","location":{"latitude":1e999}}`,
		`{"hubName":"x'); DROP TABLE hubs;--","address":{"address1":"b"}}`, `{"hubName":"\u0000"}`, `{"hubName":"a","hubManagerId":"{1}"}`,
		`{"hubname":"a","address":{"address1":"b"}}`, `{"HUBNAME":"a","ADDRESS":{"ADDRESS1":"b"}}`, `{"hubName":"a","address":{"Address1":"b"}}`,
		`{"hubName":"a","hubName":"b","address":{"address1":"b"}}`, `{"hubName":"a","hubname":"b","address":{"address1":"b"}}`,
		`{"hubName":"a","address":{"address1":"b","address1":"c"}}`, `{"hubName":"a","h\u0075bName":"b","address":{"address1":"b"}}`,
		`{"hubName":"\ud800","address":{"address1":"b"}}`, `{"hubName":"\udc00","address":{"address1":"b"}}`,
		`{"hubName":"\ud800\u0041","address":{"address1":"b"}}`, `{"hubName":"\ud83d\ude00","address":{"address1":"b"}}`,
		`{"hubName":"\\ud800","address":{"address1":"b"}}`, `{"hub\ud800Name":"a","address":{"address1":"b"}}`} {
		f.Add(s)
	}
	en := newEnv(f)
	f.Fuzz(func(t *testing.T, body string) {
		en.t = t
		res := en.master("POST", "/api/v1/hubs", body, "Content-Type", "application/json")
		if res.Code != http.StatusCreated && res.Code != http.StatusBadRequest && res.Code != http.StatusConflict {
			t.Errorf("body %q: %d %s", body, res.Code, res.Body)
		}
		if res.Code == http.StatusCreated && !utf8.Valid([]byte(body)) {
			t.Errorf("invalid UTF-8 accepted: %q", body)
		}
		if res.Code == http.StatusCreated {
			if err := strictOracle(body); err != nil {
				t.Errorf("body %q accepted: %v", body, err)
			}
		}
	})
}

func FuzzPatchBody(f *testing.F) {
	for _, s := range []string{`{"hubName":"b"}`, `{"address":null}`, `{"location":null}`, `{"location":{"latitude":1}}`,
		`{"address":{"address2":null}}`, `{"hubManagerId":null}`, `{"hubName":null}`, `7`, `{"address":[]}`,
		`{"hubname":"b"}`, `{"hubName":"b","hubName":"c"}`, `{"address":{"zipCode":null,"zipCode":"1"}}`, `{"Address":{"address2":"x"}}`,
		`{"hubName":"\udfff"}`, `{"hubName":"\ud83d\ude00"}`, `{"location":{"latitude":1,"longitude":2,"longitude":3}}`} {
		f.Add(s)
	}
	en := newEnv(f)
	id := en.createHub("fuzzed", nil)
	f.Fuzz(func(t *testing.T, body string) {
		en.t = t
		res := en.master("PATCH", "/api/v1/hubs/"+id.String(), body, "Content-Type", "application/merge-patch+json")
		if res.Code != http.StatusOK && res.Code != http.StatusBadRequest && res.Code != http.StatusConflict {
			t.Errorf("body %q: %d %s", body, res.Code, res.Body)
		}
		if res.Code == http.StatusOK {
			if err := strictOracle(body); err != nil {
				t.Errorf("body %q accepted: %v", body, err)
			}
		}
	})
}

var searchParams = []string{"hubId", "hubName", "hubManagerId", "isDeleted", "page", "size", "sort", "q", "count", "cursor"}

// hubMembers are the keys a hub body may hold, by path; written out here rather than taken from
// the code under test, so the oracle is independent of it.
var hubMembers = map[string][]string{
	"":         {"hubName", "hubManagerId", "address", "location"},
	"address":  {"zipCode", "address1", "address2"},
	"location": {"latitude", "longitude"},
}

// strictOracle says why an accepted hub body should have been refused: a key that is not exactly
// a member's name, a repeated key, or a string that encoding/json decodes to U+FFFD although the
// body spells no U+FFFD (a lone surrogate escape).
func strictOracle(body string) error {
	if !strings.ContainsRune(body, utf8.RuneError) && !strings.Contains(strings.ToLower(body), `\ufffd`) {
		var v any
		if json.Unmarshal([]byte(body), &v) == nil && strings.ContainsRune(fmt.Sprint(v), utf8.RuneError) {
			return fmt.Errorf("a lone surrogate escape decoded as U+FFFD")
		}
	}
	dec := json.NewDecoder(strings.NewReader(body))
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		tok, err := dec.Token()
		if err != nil {
			return nil // not JSON: refused anyway
		}
		if tok != json.Delim('{') {
			if tok == json.Delim('[') {
				for dec.More() {
					if err := walk("[]", depth+1); err != nil {
						return err
					}
				}
				_, _ = dec.Token()
			}
			return nil
		}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil
			}
			key := tok.(string)
			if seen[key] {
				return fmt.Errorf("%s.%s repeated", path, key)
			}
			seen[key] = true
			if members, ok := hubMembers[path]; ok && depth <= 1 && !slices.Contains(members, key) {
				return fmt.Errorf("%q is not a member of %q", key, path)
			}
			if err := walk(key, depth+1); err != nil {
				return err
			}
		}
		_, _ = dec.Token()
		return nil
	}
	return walk("", 0)
}
