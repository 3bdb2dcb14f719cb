package httpapi_test

import (
	"net/http"
	"net/url"
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
		"sort=createdAt,desc&sort=updatedAt&sort=hubName,ASC", "hubManagerId=00000000-0000-0000-0000-000000000000"} {
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
	})
}

func FuzzCreateBody(f *testing.F) {
	for _, s := range []string{`{"hubName":"a","address":{"address1":"b"}}`, `{}`, `[]`, `null`, `{"hubName":"a","location":{"latitude":1e999}}`,
		`{"hubName":"x'); DROP TABLE hubs;--","address":{"address1":"b"}}`, `{"hubName":"\u0000"}`, `{"hubName":"a","hubManagerId":"{1}"}`} {
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
	})
}

func FuzzPatchBody(f *testing.F) {
	for _, s := range []string{`{"hubName":"b"}`, `{"address":null}`, `{"location":null}`, `{"location":{"latitude":1}}`,
		`{"address":{"address2":null}}`, `{"hubManagerId":null}`, `{"hubName":null}`, `7`, `{"address":[]}`} {
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
	})
}
