package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// strictTarget is one way of sending a hub body: POST creates, PUT and PATCH change the hub id.
type strictTarget struct{ method, path, contentType string }

func strictTargets(id uuid.UUID) []strictTarget {
	return []strictTarget{
		{"POST", "/api/v1/hubs", "application/json"},
		{"PUT", "/api/v1/hubs/" + id.String(), "application/json"},
		{"PATCH", "/api/v1/hubs/" + id.String(), "application/merge-patch+json"},
	}
}

// expectUnchanged checks that refused bodies wrote nothing: one hub, still at version 1, with
// its first name.
func (en *env) expectUnchanged(t *testing.T, id uuid.UUID, name string) {
	t.Helper()
	if n := en.hubCount(t); n != 1 {
		t.Errorf("refused bodies left %d hubs, want 1", n)
	}
	var got struct{ HubName string }
	r := en.master("GET", "/api/v1/hubs/"+id.String(), "")
	r.decode(t, &got)
	if r.Header.Get("ETag") != `"1"` || got.HubName != name {
		t.Errorf("refused bodies changed the hub: ETag %s, name %q", r.Header.Get("ETag"), got.HubName)
	}
}

// TestStrictBody_KeysMatchExactly: encoding/json matches keys in any case, so {"hubname":…} was a
// 201. A key that is not exactly a field's name is unknown, at every depth and for POST, PUT and
// PATCH alike; the problem names the key as sent and points at the field it resembles.
func TestStrictBody_KeysMatchExactly(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	cases := []struct{ body, field string }{
		{`{"hubname":"x","address":{"address1":"a"}}`, "hubname"},
		{`{"HUBNAME":"x","ADDRESS":{"ADDRESS1":"a"}}`, "HUBNAME"},
		{`{"hubName":"x","address":{"ADDRESS1":"a"}}`, "address.ADDRESS1"},
		{`{"hubName":"x","address":{"address1":"a","zipcode":"1"}}`, "address.zipcode"},
		{`{"hubName":"x","address":{"address1":"a"},"Location":{"latitude":1,"longitude":2}}`, "Location"},
		{`{"hubName":"x","address":{"address1":"a"},"location":{"Latitude":1,"longitude":2}}`, "location.Latitude"},
		{`{"hubName":"x","address":{"address1":"a"},"hubManagerID":null}`, "hubManagerID"},
	}
	for _, tg := range strictTargets(id) {
		for _, c := range cases {
			p := expectProblem(t, en.master(tg.method, tg.path, c.body, "Content-Type", tg.contentType), 400, "INVALID_BODY")
			if !namesField(p.Errors, c.field) || !strings.Contains(p.Detail, c.field) {
				t.Errorf("%s %s: %+v does not name %s", tg.method, c.body, p, c.field)
			}
		}
	}
	p := expectProblem(t, en.master("POST", "/api/v1/hubs", `{"hubname":"x","address":{"address1":"a"}}`), 400, "INVALID_BODY")
	if !strings.Contains(p.Detail, "hubName") {
		t.Errorf("the problem does not point at hubName: %+v", p)
	}
	en.expectUnchanged(t, id, "Alpha")
}

// TestStrictBody_RepeatedKeys: encoding/json keeps the last of two equal keys, so
// {"hubName":"a","hubName":"b"} created "b". A key given twice is a 400 at every depth, and so
// is a case variant of a key beside it (as an unknown key).
func TestStrictBody_RepeatedKeys(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	cases := []struct{ body, field string }{
		{`{"hubName":"a","hubName":"b","address":{"address1":"a"}}`, "hubName"},
		{`{"hubName":"a","hubname":"b","address":{"address1":"a"}}`, "hubname"},
		{`{"hubName":"a","hub\u004eame":"b","address":{"address1":"a"}}`, "hubName"},
		{`{"hubName":"a","address":{"address1":"a","address1":"b"}}`, "address.address1"},
		{`{"hubName":"a","address":{"address1":"a"},"address":{"address1":"b"}}`, "address"},
		{`{"hubName":"a","address":{"address1":"a"},"location":{"latitude":1,"longitude":2,"latitude":3}}`, "location.latitude"},
		{`{"hubName":"a","address":{"address1":"a"},"hubManagerId":null,"hubManagerId":null}`, "hubManagerId"},
	}
	for _, tg := range strictTargets(id) {
		for _, c := range cases {
			p := expectProblem(t, en.master(tg.method, tg.path, c.body, "Content-Type", tg.contentType), 400, "INVALID_BODY")
			if !namesField(p.Errors, c.field) {
				t.Errorf("%s %s: %+v does not name %s", tg.method, c.body, p, c.field)
			}
		}
	}
	// Repeated keys inside a value that is itself refused still count: the body is refused
	// whole, never half-read.
	expectProblem(t, en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"address":{"zipCode":null,"zipCode":"1"}}`), 400, "INVALID_BODY")
	en.expectUnchanged(t, id, "Alpha")
}

// TestStrictBody_LoneSurrogates: encoding/json turns a lone UTF-16 surrogate escape into U+FFFD;
// like raw invalid UTF-8 it is a 400, in any string of the body, keys included. A proper pair
// and an escaped backslash before "ud800" are text and accepted.
func TestStrictBody_LoneSurrogates(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	bad := []string{
		`{"hubName":"\ud800","address":{"address1":"a"}}`,
		`{"hubName":"x\udc00y","address":{"address1":"a"}}`,
		`{"hubName":"\ud800\u0041","address":{"address1":"a"}}`,
		`{"hubName":"\uD800\uD800","address":{"address1":"a"}}`,
		`{"hubName":"\ude00\ud83d","address":{"address1":"a"}}`,
		`{"hubName":"end\ud83d","address":{"address1":"a"}}`,
		`{"hubName":"x","address":{"address1":"a","address2":"\udfff"}}`,
		`{"hubName":"x","address":{"address1":"a"},"hub\ud800Name":"y"}`,
	}
	for _, tg := range strictTargets(id) {
		for _, body := range bad {
			p := expectProblem(t, en.master(tg.method, tg.path, body, "Content-Type", tg.contentType), 400, "INVALID_BODY")
			if !strings.Contains(p.Detail, "surrogate") {
				t.Errorf("%s %s: %+v does not say what is wrong", tg.method, body, p)
			}
		}
	}
	en.expectUnchanged(t, id, "Alpha")

	good := map[string]string{
		`{"hubName":"smile \ud83d\ude00","address":{"address1":"a"}}`: "smile 😀",
		`{"hubName":"smile \uD83D\uDE01","address":{"address1":"a"}}`: "smile 😁",
		`{"hubName":"lit \\ud800","address":{"address1":"a"}}`:        `lit \ud800`,
		`{"hubName":"lit \\\ud83d\ude02","address":{"address1":"a"}}`: `lit \😂`,
	}
	for body, name := range good {
		var h struct{ HubName string }
		r := en.master("POST", "/api/v1/hubs", body)
		if r.Code != http.StatusCreated {
			t.Errorf("%s: %d %s", body, r.Code, r.Body)
			continue
		}
		if r.decode(t, &h); h.HubName != name {
			t.Errorf("%s: stored %q, want %q", body, h.HubName, name)
		}
	}
	if r := en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"hubName":"patched \ud83d\ude00"}`); r.Code != http.StatusOK {
		t.Errorf("PATCH with a surrogate pair: %d %s", r.Code, r.Body)
	}
}

// TestSearch_UnknownParameterIsNamed: ?hubname=서울 (a typo) returned every hub. An unknown
// parameter is a 400 naming it, on the search and on the event feed.
func TestSearch_UnknownParameterIsNamed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHub("서울 센터", nil)
	en.createHub("부산 센터", nil)
	cases := map[string]string{
		"/api/v1/hubs?hubname=" + url.QueryEscape("서울"):          "hubname",
		"/api/v1/hubs?HUBNAME=x":                                 "HUBNAME",
		"/api/v1/hubs?size=5&hubManagerID=me":                    "hubManagerID",
		"/api/v1/hubs?sort=hubName&zzz":                          "zzz",
		"/api/v1/hubs?hubName=a&" + url.QueryEscape("서울") + "=1": "서울",
		"/api/v1/hub-events?afterr=3":                            "afterr",
		"/api/v1/hub-events?after=0&Limit=5":                     "Limit",
		"/api/v1/hub-events?after=1&after=2":                     "after",
		"/api/v1/hub-events/stream?afer=500":                     "afer",
		"/api/v1/hub-events/stream?after=1&after=2":              "after",
	}
	for target, param := range cases {
		p := expectProblem(t, en.master("GET", target, ""), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != param || !strings.Contains(p.Detail, param) {
			t.Errorf("%s: %+v does not name %s", target, p, param)
		}
	}
	p := expectProblem(t, en.master("GET", "/api/v1/hubs?hubname=x", ""), 400, "INVALID_PARAMETER")
	if !strings.Contains(p.Detail, "hubName") {
		t.Errorf("the problem does not point at hubName: %+v", p)
	}
	// Every documented parameter is still known.
	for _, target := range []string{
		"/api/v1/hubs?hubId=" + uuid.NewString() + "&hubName=a&hubManagerId=" + uuid.NewString() +
			"&isDeleted=false&page=0&size=5&sort=hubName&sort=createdAt,desc&q=a&count=exact",
		"/api/v1/hubs?size=1&count=none&cursor=",
		"/api/v1/hub-events?after=0&limit=5",
	} {
		if r := en.master("GET", target, ""); r.Code != http.StatusOK {
			t.Errorf("%s: %d %s", target, r.Code, r.Body)
		}
	}
}

// TestSearch_ManagerIdMe: hubManagerId=me stands for the caller's own sub, also across the
// pages its Link header and cursor lead to.
func TestSearch_ManagerIdMe(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	me, other := uuid.New(), uuid.New()
	for _, n := range []string{"mine 1", "mine 2", "mine 3"} {
		en.createHub(n, &me)
	}
	en.createHub("theirs", &other)
	en.createHub("nobody's", nil)

	var p modePage
	r := en.as(access.HubManager, me, "GET", "/api/v1/hubs?hubManagerId=me&sort=hubName&size=2", "")
	if r.Code != http.StatusOK {
		t.Fatalf("hubManagerId=me: %d %s", r.Code, r.Body)
	}
	r.decode(t, &p)
	if len(p.Content) != 2 || p.Content[0].HubName != "mine 1" || p.Content[1].HubName != "mine 2" ||
		p.Page.TotalElements == nil || *p.Page.TotalElements != 3 || p.Page.NextCursor == nil {
		t.Fatalf("first page of me: %+v", p)
	}
	if link := r.Header.Get("Link"); !strings.Contains(link, "hubManagerId=me") {
		t.Errorf("Link does not keep hubManagerId=me: %s", link)
	}
	r = en.as(access.HubManager, me, "GET", "/api/v1/hubs?hubManagerId=me&sort=hubName&size=2&cursor="+url.QueryEscape(*p.Page.NextCursor), "")
	r.decode(t, &p)
	if r.Code != http.StatusOK || len(p.Content) != 1 || p.Content[0].HubName != "mine 3" {
		t.Errorf("cursor page of me: %d %s", r.Code, r.Body)
	}
	// Another caller's "me" is someone else: the same cursor does not fit their search.
	expectProblem(t, en.as(access.HubManager, other, "GET", "/api/v1/hubs?hubManagerId=me&sort=hubName&size=2&cursor="+url.QueryEscape(*p.Page.NextCursor), ""), 400, "INVALID_PARAMETER")
	r = en.as(access.Server, other, "GET", "/api/v1/hubs?hubManagerId=me", "")
	r.decode(t, &p)
	if r.Code != http.StatusOK || len(p.Content) != 1 || p.Content[0].HubName != "theirs" {
		t.Errorf("SERVER other, me: %d %s", r.Code, r.Body)
	}
	for _, v := range []string{"ME", "me ", "self"} {
		p := expectProblem(t, en.as(access.HubManager, me, "GET", "/api/v1/hubs?hubManagerId="+url.QueryEscape(v), ""), 400, "INVALID_PARAMETER")
		if !namesField(p.Errors, "hubManagerId") {
			t.Errorf("hubManagerId=%q: %+v", v, p)
		}
	}
}

// TestProblems_QuoteOnlyAnExcerpt: a problem names the client's bad input by a short, cut
// excerpt. A ~1 MB unknown key was echoed twice, a ~2 MB answer.
func TestProblems_QuoteOnlyAnExcerpt(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	huge := strings.Repeat("가", (1<<20-200)/3) // just under the 1 MiB body limit
	check := func(what string, r response, code string) {
		t.Helper()
		p := expectProblem(t, r, 400, code)
		t.Logf("%s: a %d-byte problem", what, len(r.Body))
		if len(r.Body) > 1024 {
			t.Errorf("%s: a %d-byte problem", what, len(r.Body))
		}
		if !strings.Contains(p.Detail, "가가가…") || len(p.Errors) == 0 || !strings.HasSuffix(p.Errors[0].Field, "…") {
			t.Errorf("%s: the excerpt is missing or not marked as cut: %s", what, r.Body)
		}
		for _, e := range p.Errors {
			if n := utf8.RuneCountInString(e.Field); n > 80 {
				t.Errorf("%s: a field of %d runes", what, n)
			}
		}
	}
	check("POST unknown key", en.master("POST", "/api/v1/hubs", `{"`+huge+`":1}`), "INVALID_BODY")
	check("POST unknown nested key", en.master("POST", "/api/v1/hubs", `{"hubName":"a","address":{"`+huge+`":1}}`), "INVALID_BODY")
	check("PUT unknown key", en.master("PUT", "/api/v1/hubs/"+id.String(), `{"`+huge+`":1}`), "INVALID_BODY")
	check("PATCH unknown key", en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"`+huge+`":1}`), "INVALID_BODY")
	check("PATCH unknown nested key", en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"address":{"`+huge+`":1}}`), "INVALID_BODY")
	check("search unknown parameter", en.master("GET", "/api/v1/hubs?"+url.QueryEscape(huge[:3*20000])+"=1", ""), "INVALID_PARAMETER")
	check("feed unknown parameter", en.master("GET", "/api/v1/hub-events?"+url.QueryEscape(huge[:3*20000])+"=1", ""), "INVALID_PARAMETER")
	en.expectUnchanged(t, id, "Alpha")
}
