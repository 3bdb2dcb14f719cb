package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestHead_EveryGetRoute: every GET route answers HEAD (RFC 9110) over a real connection with
// the GET's status and headers, the Content-Length of the GET's body, and no body; errors too
// (401, 404, 304). Every HEAD answer is one the OpenAPI document allows.
func TestHead_EveryGetRoute(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	srv := httptest.NewServer(en.e)
	defer srv.Close()
	id := en.createHub("머리 센터", nil)
	master := "Bearer " + en.token(access.Master, masterID)

	var gets []string
	for _, r := range en.e.Routes() {
		if r.Method == http.MethodGet {
			gets = append(gets, r.Path)
		}
	}
	slices.Sort(gets)
	if len(gets) < 8 {
		t.Fatalf("only %d GET routes: %v", len(gets), gets)
	}
	send := func(method, path string, headers ...string) (*http.Response, []byte) {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, method, srv.URL+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer func() { _ = res.Body.Close() }()
		var body []byte
		if res.Header.Get("Content-Type") != "text/event-stream" { // a GET stream never ends
			body, _ = io.ReadAll(res.Body)
		}
		if method == http.MethodHead {
			if err := validator.ValidateResponse(req, res.StatusCode, res.Header, body); err != nil {
				t.Errorf("HEAD %s: %v", path, err)
			}
		}
		return res, body
	}
	compare := func(path string, headers ...string) {
		t.Helper()
		get, getBody := send(http.MethodGet, path, headers...)
		head, headBody := send(http.MethodHead, path, headers...)
		if head.StatusCode != get.StatusCode || len(headBody) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes, GET %d", path, head.StatusCode, len(headBody), get.StatusCode)
		}
		for name := range get.Header {
			switch name {
			case "Date", "X-Request-Id", "Content-Length", "Transfer-Encoding":
				continue
			}
			if path == "/metrics" && name != "Content-Type" {
				continue
			}
			if g, h := get.Header.Values(name), head.Header.Values(name); !slices.Equal(g, h) {
				t.Errorf("HEAD %s: %s = %q, GET's %q", path, name, h, g)
			}
		}
		if head.Header.Get("X-Request-Id") == "" {
			t.Errorf("HEAD %s: no X-Request-ID", path)
		}
		if n := head.Header.Get("Content-Length"); path != "/metrics" && get.Header.Get("Content-Type") != "text/event-stream" &&
			len(getBody) > 0 && n != strconv.Itoa(len(getBody)) {
			t.Errorf("HEAD %s: Content-Length %q, the GET's body has %d bytes", path, n, len(getBody))
		}
	}
	for _, route := range gets {
		path := strings.Replace(route, ":hubId", id.String(), 1)
		t.Run(route, func(t *testing.T) {
			compare(path, "Authorization", master)
			if strings.HasPrefix(route, "/api/") {
				compare(path) // 401
			}
		})
	}
	// A HEAD of the stream ends at once: served in this goroutine, a stream would never return.
	done := make(chan response, 1)
	go func() { done <- en.as(access.Server, uuid.New(), "HEAD", "/api/v1/hub-events/stream", "") }()
	select {
	case r := <-done:
		if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "text/event-stream" || len(r.Body) != 0 {
			t.Errorf("HEAD of the stream: %d %q %q", r.Code, r.Header.Get("Content-Type"), r.Body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("HEAD of the stream did not end")
	}
	compare("/api/v1/hubs/"+uuid.NewString(), "Authorization", master)                              // 404
	compare("/api/v1/hubs/"+id.String(), "Authorization", master, "If-None-Match", `"1"`)           // 304
	compare("/api/v1/hubs?size=0", "Authorization", master)                                         // 400
	compare("/api/v1/hub-events", "Authorization", "Bearer "+en.token(access.Customer, uuid.New())) // 403
}
