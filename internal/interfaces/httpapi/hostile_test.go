package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

var injections = []string{
	`x'); DROP TABLE hubs;--`,
	`' OR '1'='1`,
	`1; DELETE FROM hubs`,
	`\'; SELECT pg_sleep(5);--`,
	`%' UNION SELECT * FROM pg_user --`,
	`$1`,
	`") OR TRUE --`,
}

// TestHostile_InjectionInEveryParameter: injection strings in every query parameter are either
// refused with a 400 that names the parameter, or taken literally (matching nothing); the table
// is whole afterwards.
func TestHostile_InjectionInEveryParameter(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHub("서울특별시 센터", nil)
	params := []string{"hubId", "hubName", "hubManagerId", "isDeleted", "page", "size", "sort", "q", "count", "cursor"}
	for _, p := range params {
		for _, inj := range injections {
			res := en.master("GET", "/api/v1/hubs?"+p+"="+url.QueryEscape(inj), "")
			switch res.Code {
			case http.StatusOK:
				var page struct{ Content []json.RawMessage }
				res.decode(t, &page)
				if len(page.Content) != 0 {
					t.Errorf("%s=%q matched %d hubs", p, inj, len(page.Content))
				}
			case http.StatusBadRequest:
				if pr := problemOf(t, res); len(pr.Errors) != 1 || pr.Errors[0].Field != p {
					t.Errorf("%s=%q: 400 does not name the parameter: %+v", p, inj, pr)
				}
			default:
				t.Errorf("%s=%q: %d", p, inj, res.Code)
			}
		}
		if r := en.master("GET", "/api/v1/hubs/"+url.PathEscape(injections[0]), ""); r.Code != http.StatusBadRequest {
			t.Errorf("injection as hub id: %d", r.Code)
		}
	}
	assertTableWhole(t, en, 1)
}

// TestHostile_InjectionInEveryBodyFieldRoundTrips: injection strings stored in every text field
// come back byte for byte and are found literally by the prefix and contains searches.
func TestHostile_InjectionInEveryBodyFieldRoundTrips(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for i, inj := range injections {
		body, _ := json.Marshal(map[string]any{
			"hubName": inj,
			"address": map[string]string{"zipCode": inj[:min(len(inj), 10)], "address1": inj, "address2": inj},
		})
		res := en.master("POST", "/api/v1/hubs", string(body))
		if res.Code != http.StatusCreated {
			t.Fatalf("create %q: %d %s", inj, res.Code, res.Body)
		}
		var h struct {
			HubName string
			Address struct{ ZipCode, Address1, Address2 string }
		}
		en.master("GET", res.Header.Get("Location"), "").decode(t, &h)
		if h.HubName != strings.TrimSpace(inj) || h.Address.Address1 != inj || h.Address.Address2 != inj {
			t.Errorf("round trip of %q: %+v", inj, h)
		}
		for _, param := range []string{"hubName", "q"} {
			var page struct {
				Content []struct{ HubName string }
			}
			en.master("GET", "/api/v1/hubs?"+param+"="+url.QueryEscape(inj), "").decode(t, &page)
			found := false
			for _, c := range page.Content {
				found = found || c.HubName == strings.TrimSpace(inj)
			}
			if !found {
				t.Errorf("%s=%q does not find the hub literally: %+v", param, inj, page.Content)
			}
		}
		assertTableWhole(t, en, i+1)
	}
}

// TestHostile_OversizedAndMalformedInput: huge and repeated query strings, invalid escapes and
// huge or deeply nested bodies are 4xx problems, and the table is whole afterwards.
func TestHostile_OversizedAndMalformedInput(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("target", nil)
	queries := []string{
		"hubName=" + strings.Repeat("a", 100_000),
		"q=" + strings.Repeat("%E2%82%AC", 5_000),
		strings.Repeat("sort=hubName&", 2_000),
		strings.Repeat("hubId=x&", 1_000),
		"hubName=%ZZ%",
		"page=" + strings.Repeat("9", 1_000),
		"cursor=" + strings.Repeat("A", 100_000),
	}
	for _, q := range queries {
		if r := en.master("GET", "/api/v1/hubs?"+q, ""); r.Code != http.StatusBadRequest {
			t.Errorf("%.40s…: %d", q, r.Code)
		}
	}
	bodies := []string{
		strings.Repeat("[", 100_000),
		`{"hubName":"` + strings.Repeat("x", 2<<20) + `"}`,
		`{"hubName":"a","address":{"address1":"b"},"hubName":"c","hubName":` + strings.Repeat(`{"a":`, 5000) + `1` + strings.Repeat("}", 5000) + `}`,
		"{\"hubName\":\"\xc3\x28\",\"address\":{\"address1\":\"b\"}}",
	}
	for _, b := range bodies {
		for _, target := range []string{"POST /api/v1/hubs", "PATCH /api/v1/hubs/" + id.String()} {
			method, path, _ := strings.Cut(target, " ")
			if r := en.master(method, path, b); r.Code != http.StatusBadRequest {
				t.Errorf("%s with %.30q…: %d", target, b, r.Code)
			}
		}
	}
	assertTableWhole(t, en, 1)
}

func assertTableWhole(t *testing.T, en *env, want int) {
	t.Helper()
	var n int
	if err := en.db.Get(&n, "SELECT count(*) FROM hubs"); err != nil || n != want {
		t.Fatalf("hubs: %d rows (%v), want %d", n, err, want)
	}
}
