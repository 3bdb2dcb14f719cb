package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

func TestErrors_StatusesAndCodes(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	path := "/api/v1/hubs/" + id.String()

	expectProblem(t, en.master("GET", "/api/v1/hubs/"+uuid.NewString(), ""), 404, "HUB_NOT_FOUND")
	expectProblem(t, en.master("DELETE", "/api/v1/hubs/"+uuid.NewString(), ""), 404, "HUB_NOT_FOUND")
	p := expectProblem(t, en.master("GET", "/api/v1/hubs/not-a-uuid", ""), 400, "INVALID_PARAMETER")
	if len(p.Errors) != 1 || p.Errors[0].Field != "hubId" {
		t.Errorf("bad path id not named: %+v", p)
	}

	p = expectProblem(t, en.master("POST", "/api/v1/hubs", `{"hubName":"ALPHA","address":{"address1":"x"}}`), 409, "HUB_NAME_TAKEN")
	if len(p.Errors) != 1 || p.Errors[0].Field != "hubName" {
		t.Errorf("name conflict does not name the field: %+v", p)
	}
	expectProblem(t, en.master("POST", path+"/restore", ""), 409, "HUB_NOT_DELETED")

	if r := en.master("DELETE", path, ""); r.Code != 204 {
		t.Fatalf("delete: %d", r.Code)
	}
	expectProblem(t, en.master("DELETE", path, ""), 404, "HUB_NOT_FOUND")
	expectProblem(t, en.master("PATCH", path, `{"hubName":"Beta"}`), 409, "HUB_DELETED")
	en.createHub("alpha", nil) // takes the deleted hub's name
	expectProblem(t, en.master("POST", path+"/restore", ""), 409, "HUB_NAME_TAKEN")

	live := en.createHub("Gamma", nil)
	livePath := "/api/v1/hubs/" + live.String()
	for _, ifMatch := range []string{`"2"`, `"0"`, `W/"1"`, `1`, `"abc"`, `"1", "2"`} {
		expectProblem(t, en.master("PUT", livePath, `{"hubName":"Delta","address":{"address1":"x"}}`, "If-Match", ifMatch), 412, "VERSION_MISMATCH")
		expectProblem(t, en.master("PATCH", livePath, `{"hubName":"Delta"}`, "If-Match", ifMatch), 412, "VERSION_MISMATCH")
		expectProblem(t, en.master("DELETE", livePath, "", "If-Match", ifMatch), 412, "VERSION_MISMATCH")
	}
	if r := en.master("GET", livePath, ""); !strings.Contains(string(r.Body), `"hubName":"Gamma"`) || r.Header.Get("ETag") != `"1"` {
		t.Errorf("a 412 changed the hub: %s", r.Body)
	}
	if r := en.master("PATCH", livePath, `{"hubName":"Delta"}`, "If-Match", "*"); r.Code != 200 {
		t.Errorf("If-Match *: %d", r.Code)
	}
	expectProblem(t, en.master("POST", livePath+"/restore", "", "If-Match", `"9"`), 412, "VERSION_MISMATCH")
}

func TestErrors_ContentType(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	body := `{"hubName":"x","address":{"address1":"y"}}`
	for _, ct := range []string{"text/plain", "application/xml", "application/json; charset=latin1", "", "application/merge-patch+json"} {
		expectProblem(t, en.master("POST", "/api/v1/hubs", body, "Content-Type", ct), http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
	}
	expectProblem(t, en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"hubName":"z"}`, "Content-Type", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE")
	for _, ct := range []string{"application/json; charset=utf-8", "application/merge-patch+json", "application/json"} {
		if r := en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"hubName":"z `+ct+`"}`, "Content-Type", ct); r.Code != 200 {
			t.Errorf("PATCH with %s: %d %s", ct, r.Code, r.Body)
		}
	}
}

// TestErrors_BadBodies: every bad body is a 400 INVALID_BODY that says what is wrong, and none of
// them writes anything.
func TestErrors_BadBodies(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("Alpha", nil)
	cases := []struct {
		name, method, body, field string
	}{
		{"malformed", "POST", `{"hubName":`, ""},
		{"not an object", "POST", `[1,2]`, ""},
		{"empty", "POST", ``, ""},
		{"two values", "POST", `{"hubName":"a","address":{"address1":"b"}} {}`, ""},
		{"unknown field", "POST", `{"hubName":"a","address":{"address1":"b"},"color":"red"}`, "color"},
		{"unknown nested field", "POST", `{"hubName":"a","address":{"address1":"b","city":"c"}}`, "address.city"},
		{"wrong type", "POST", `{"hubName":42,"address":{"address1":"b"}}`, "hubName"},
		{"bad manager", "POST", `{"hubName":"a","hubManagerId":"nope","address":{"address1":"b"}}`, "hubManagerId"},
		{"manager in braces", "POST", `{"hubName":"a","hubManagerId":"{` + uuid.NewString() + `}","address":{"address1":"b"}}`, "hubManagerId"},
		{"half location", "POST", `{"hubName":"a","address":{"address1":"b"},"location":{"latitude":1}}`, "location.longitude"},
		{"latitude out of range", "POST", `{"hubName":"a","address":{"address1":"b"},"location":{"latitude":91,"longitude":1}}`, "location.latitude"},
		{"huge number", "POST", `{"hubName":"a","address":{"address1":"b"},"location":{"latitude":1e400,"longitude":1}}`, "location.latitude"},
		{"missing name", "POST", `{"address":{"address1":"b"}}`, "hubName"},
		{"blank name", "POST", `{"hubName":"   ","address":{"address1":"b"}}`, "hubName"},
		{"long name", "POST", `{"hubName":"` + strings.Repeat("가", 101) + `","address":{"address1":"b"}}`, "hubName"},
		{"missing address", "POST", `{"hubName":"a"}`, "address.address1"},
		{"NUL in name", "POST", `{"hubName":"a\u0000b","address":{"address1":"b"}}`, "hubName"},
		{"invalid UTF-8", "POST", "{\"hubName\":\"a\xff\",\"address\":{\"address1\":\"b\"}}", ""},
		{"deep nesting", "POST", strings.Repeat(`{"a":`, 20000) + strings.Repeat("}", 20000), ""},
		{"patch null name", "PATCH", `{"hubName":null}`, "hubName"},
		{"patch null address", "PATCH", `{"address":null}`, "address.address1"},
		{"patch unknown", "PATCH", `{"version":7}`, "version"},
		{"patch unknown in address", "PATCH", `{"address":{"street":"x"}}`, "address.street"},
		{"patch wrong type", "PATCH", `{"hubName":7}`, "hubName"},
		{"patch bad manager", "PATCH", `{"hubManagerId":12}`, "hubManagerId"},
		{"patch half location", "PATCH", `{"location":{"longitude":3}}`, "location.latitude"},
		{"patch array", "PATCH", `[]`, ""},
		{"patch null body", "PATCH", `null`, ""},
	}
	for _, c := range cases {
		target := "/api/v1/hubs"
		if c.method == "PATCH" {
			target += "/" + id.String()
		}
		var headers []string
		if c.body == "" {
			headers = []string{"Content-Type", "application/json"}
		}
		p := expectProblem(t, en.master(c.method, target, c.body, headers...), 400, "INVALID_BODY")
		if c.field != "" && !namesField(p.Errors, c.field) {
			t.Errorf("%s: errors %+v do not name %s", c.name, p.Errors, c.field)
		}
		if p.Detail == "" {
			t.Errorf("%s: no detail", c.name)
		}
	}
	huge := `{"hubName":"a","address":{"address1":"` + strings.Repeat("x", 1<<20) + `"}}`
	expectProblem(t, en.master("POST", "/api/v1/hubs", huge), 400, "INVALID_BODY")

	var page struct{ Page struct{ TotalElements int } }
	en.master("GET", "/api/v1/hubs", "").decode(t, &page)
	if r := en.master("GET", "/api/v1/hubs/"+id.String(), ""); page.Page.TotalElements != 1 || r.Header.Get("ETag") != `"1"` {
		t.Errorf("bad bodies changed something: %d hubs, etag %s", page.Page.TotalElements, r.Header.Get("ETag"))
	}
}

func namesField(errs []httpapi.FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}
