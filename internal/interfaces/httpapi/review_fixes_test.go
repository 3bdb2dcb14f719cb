package httpapi_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestErrors_LegacyRowStaysReadable: a hub stored under looser rules (a 101-character name, put
// there by an import) is served, not refused as if the caller had sent a bad body.
func TestErrors_LegacyRowStaysReadable(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("short", nil)
	long := strings.Repeat("가", 101)
	if _, err := en.db.Exec("UPDATE hubs SET hub_name = $1, name_key = $1 WHERE hub_id = $2", long, id); err != nil {
		t.Fatal(err)
	}
	if r := en.master("GET", "/api/v1/hubs/"+id.String(), ""); r.Code != http.StatusOK || !strings.Contains(string(r.Body), long) {
		t.Errorf("get: %d %.200s", r.Code, r.Body)
	}
	if r := en.master("GET", "/api/v1/hubs", ""); r.Code != http.StatusOK {
		t.Errorf("search: %d %.200s", r.Code, r.Body)
	}
	// Changing it must meet today's rules.
	expectProblem(t, en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"address":{"address2":"x"}}`), 400, "INVALID_BODY")
}

// TestConsistency_MalformedTokenWithoutReplicas: the token is checked whatever the deployment,
// and a change always answers with one.
func TestConsistency_MalformedTokenWithoutReplicas(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	res := en.master("POST", "/api/v1/hubs", `{"hubName":"tokened","address":{"address1":"x"}}`)
	tok := res.Header.Get("X-Consistency-Token")
	if res.Code != 201 || tok == "" {
		t.Fatalf("create: %d token %q", res.Code, tok)
	}
	if r := en.master("GET", res.Header.Get("Location"), "", "X-Consistency-Token", tok); r.Code != 200 {
		t.Errorf("read with the token: %d", r.Code)
	}
	for _, bad := range []string{"garbage", "0/", "/1", "123456789/1", "0/zz"} {
		p := expectProblem(t, en.master("GET", "/api/v1/hubs", "", "X-Consistency-Token", bad), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != "X-Consistency-Token" {
			t.Errorf("%q: %+v", bad, p)
		}
	}
}

// TestSearch_SignedCursorThatNoLongerFits: a cursor we signed, for this very search, whose keys
// no longer fit its sort (as after an upgrade) is a 400 naming cursor, not a bare 400.
func TestSearch_SignedCursorThatNoLongerFits(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, n := range []string{"a1", "a2", "a3"} {
		en.createHub(n, nil)
	}
	p, _ := en.searchPage("size=1")
	real := *p.Page.NextCursor
	body, _, _ := strings.Cut(real, ".")
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	var payload map[string]any
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatal(err)
	}
	payload["k"] = []string{"only one key"}
	raw, _ = json.Marshal(payload)
	body = base64.RawURLEncoding.EncodeToString(raw)
	mac := hmac.New(sha256.New, []byte("component-test-cursor-key-0123456789"))
	mac.Write([]byte(body))
	forged := body + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
	pr := expectProblem(t, en.master("GET", "/api/v1/hubs?size=1&cursor="+url.QueryEscape(forged), ""), 400, "INVALID_PARAMETER")
	if len(pr.Errors) != 1 || pr.Errors[0].Field != "cursor" {
		t.Errorf("%+v", pr)
	}
}
