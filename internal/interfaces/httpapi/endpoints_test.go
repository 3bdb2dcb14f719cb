package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestEndpoints_Lifecycle walks every hub endpoint's success path and checks the exact JSON and
// headers at each step.
func TestEndpoints_Lifecycle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	manager := uuid.MustParse("5a1b2c3d-0000-4000-8000-00000000beef")

	res := en.master("POST", "/api/v1/hubs", `{"hubName":"  서울특별시 센터 ","hubManagerId":"`+manager.String()+`",
		"address":{"zipCode":"05544","address1":"서울특별시 송파구 송파대로 55"},
		"location":{"latitude":37.4742027808565,"longitude":127.123621185562}}`)
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var created struct{ HubID uuid.UUID }
	res.decode(t, &created)
	id := created.HubID
	want := fmt.Sprintf(`{"hubId":"%s","hubName":"서울특별시 센터","hubManagerId":"%s",`+
		`"address":{"zipCode":"05544","address1":"서울특별시 송파구 송파대로 55","address2":""},`+
		`"location":{"latitude":37.4742027808565,"longitude":127.123621185562},"isDeleted":false,"version":1,`+
		`"createdAt":"2026-11-21T05:00:00Z","createdBy":"%s","updatedAt":"2026-11-21T05:00:00Z","updatedBy":"%s",`+
		`"deletedAt":null,"deletedBy":null}`+"\n", id, manager, masterID, masterID)
	expectExact(t, "create", res, want, map[string]string{
		"Location": "/api/v1/hubs/" + id.String(), "ETag": `"1"`, "Content-Type": "application/json",
	})

	expectExact(t, "get", en.master("GET", "/api/v1/hubs/"+id.String(), ""), want, map[string]string{"ETag": `"1"`})
	notModified := en.master("GET", "/api/v1/hubs/"+id.String(), "", "If-None-Match", `"1"`)
	if notModified.Code != http.StatusNotModified || len(notModified.Body) != 0 || notModified.Header.Get("ETag") != `"1"` {
		t.Errorf("If-None-Match current: %d %q %s", notModified.Code, notModified.Header.Get("ETag"), notModified.Body)
	}
	if r := en.master("GET", "/api/v1/hubs/"+id.String(), "", "If-None-Match", `"7", W/"1"`); r.Code != http.StatusNotModified {
		t.Errorf("If-None-Match list with weak match: %d", r.Code)
	}
	if r := en.master("GET", "/api/v1/hubs/"+id.String(), "", "If-None-Match", `"2"`); r.Code != http.StatusOK {
		t.Errorf("If-None-Match other version: %d", r.Code)
	}

	en.advance(time.Hour)
	res = en.master("PUT", "/api/v1/hubs/"+id.String(), `{"hubName":"서울 센터","address":{"address1":"서울 송파구","address2":"2층"}}`, "If-Match", `"1"`)
	want = fmt.Sprintf(`{"hubId":"%s","hubName":"서울 센터","hubManagerId":null,`+
		`"address":{"zipCode":"","address1":"서울 송파구","address2":"2층"},"location":null,"isDeleted":false,"version":2,`+
		`"createdAt":"2026-11-21T05:00:00Z","createdBy":"%s","updatedAt":"2026-11-21T06:00:00Z","updatedBy":"%s",`+
		`"deletedAt":null,"deletedBy":null}`+"\n", id, masterID, masterID)
	expectExact(t, "put", res, want, map[string]string{"ETag": `"2"`})

	en.advance(time.Hour)
	res = en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"location":{"latitude":35.1,"longitude":129.0},"address":{"address2":null}}`,
		"Content-Type", "application/merge-patch+json")
	want = fmt.Sprintf(`{"hubId":"%s","hubName":"서울 센터","hubManagerId":null,`+
		`"address":{"zipCode":"","address1":"서울 송파구","address2":""},"location":{"latitude":35.1,"longitude":129},"isDeleted":false,"version":3,`+
		`"createdAt":"2026-11-21T05:00:00Z","createdBy":"%s","updatedAt":"2026-11-21T07:00:00Z","updatedBy":"%s",`+
		`"deletedAt":null,"deletedBy":null}`+"\n", id, masterID, masterID)
	expectExact(t, "patch", res, want, map[string]string{"ETag": `"3"`})

	en.advance(time.Hour)
	res = en.master("DELETE", "/api/v1/hubs/"+id.String(), "", "If-Match", `"3"`)
	if res.Code != http.StatusNoContent || len(res.Body) != 0 {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	res = en.master("GET", "/api/v1/hubs/"+id.String(), "")
	deletedAt := `"2026-11-21T08:00:00Z"`
	if !strings.Contains(string(res.Body), `"isDeleted":true,"version":4`) ||
		!strings.Contains(string(res.Body), `"deletedAt":`+deletedAt+`,"deletedBy":"`+masterID.String()+`"`) {
		t.Errorf("deleted hub as seen by MASTER: %s", res.Body)
	}

	en.advance(time.Hour)
	res = en.master("POST", "/api/v1/hubs/"+id.String()+"/restore", "")
	if res.Code != http.StatusOK || res.Header.Get("ETag") != `"5"` ||
		!strings.Contains(string(res.Body), `"isDeleted":false,"version":5`) || !strings.Contains(string(res.Body), `"deletedAt":null,"deletedBy":null`) {
		t.Errorf("restore: %d %s", res.Code, res.Body)
	}
}

func expectExact(t *testing.T, step string, r response, body string, headers map[string]string) {
	t.Helper()
	if string(r.Body) != body {
		t.Errorf("%s body:\n got %s\nwant %s", step, r.Body, body)
	}
	for k, v := range headers {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s header %s = %q, want %q", step, k, got, v)
		}
	}
}

func TestEndpoints_Operations(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if r := en.do("GET", "/livez", ""); r.Code != 200 || strings.TrimSpace(string(r.Body)) != `{"status":"ok"}` {
		t.Errorf("livez: %d %s", r.Code, r.Body)
	}
	if r := en.do("GET", "/readyz", ""); r.Code != 200 {
		t.Errorf("readyz: %d %s", r.Code, r.Body)
	}
	en.ready = errNotReady
	expectProblem(t, en.do("GET", "/readyz", ""), http.StatusServiceUnavailable, "NOT_READY")
	r := en.do("GET", "/openapi.json", "")
	if r.Code != 200 || !strings.Contains(string(r.Body), `"openapi": "3.0.3"`) {
		t.Errorf("openapi.json: %d %.80s", r.Code, r.Body)
	}
}

func TestEndpoints_UnknownRoutesAndMethods(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	// Not in the document by definition, so sent without the OpenAPI check.
	expectProblem(t, en.send(httptest.NewRequest("GET", "/api/v1/nothing", nil)), http.StatusNotFound, "NOT_FOUND")
	r := en.send(httptest.NewRequest("PUT", "/api/v1/hubs", nil))
	expectProblem(t, r, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
	if allow := r.Header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("405 without a useful Allow header: %q", allow)
	}
}

func TestEndpoints_RequestID(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if got := en.do("GET", "/livez", "", "X-Request-ID", "abc-123").Header.Get("X-Request-ID"); got != "abc-123" {
		t.Errorf("incoming id not kept: %q", got)
	}
	if got := en.do("GET", "/livez", "", "X-Request-ID", "bad\nid").Header.Get("X-Request-ID"); got == "" || strings.Contains(got, "\n") {
		t.Errorf("bad incoming id kept: %q", got)
	}
	a := en.do("GET", "/livez", "").Header.Get("X-Request-ID")
	b := en.do("GET", "/livez", "").Header.Get("X-Request-ID")
	if a == b {
		t.Error("generated request ids repeat")
	}
}

// TestEndpoints_LogLine checks one structured line per request with the caller but not the token.
func TestEndpoints_LogLine(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tok := en.token("MASTER", masterID)
	en.do("GET", "/api/v1/hubs?size=5", "", "Authorization", "Bearer "+tok, "X-Request-ID", "log-test-1")
	logs := en.logs.String()
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d log lines: %s", len(lines), logs)
	}
	for _, want := range []string{`"method":"GET"`, `"route":"/api/v1/hubs"`, `"status":200`, `"latency_ms":`, `"request_id":"log-test-1"`, `"sub":"` + masterID.String() + `"`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("log line lacks %s: %s", want, lines[0])
		}
	}
	if strings.Contains(logs, tok) || strings.Contains(logs, "Bearer") {
		t.Errorf("token in the log: %s", logs)
	}
}
