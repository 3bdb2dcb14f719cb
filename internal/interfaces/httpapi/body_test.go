package httpapi_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// slowBody sends a request whose chunked body starts and never ends, over a connection of its
// own, and returns the answer, how long it took, and whether the server closed the connection
// after it.
func slowBody(t *testing.T, srv *httptest.Server, method, path string, headers ...string) (response, time.Duration, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var head strings.Builder
	head.WriteString(method + " " + path + " HTTP/1.1\r\nHost: hubd\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
	for i := 0; i+1 < len(headers); i += 2 {
		head.WriteString(headers[i] + ": " + headers[i+1] + "\r\n")
	}
	head.WriteString("\r\n400\r\n{\"hubName\":\"") // a chunk of 1024 bytes, of which 13 come
	start := time.Now()
	if _, err := io.WriteString(conn, head.String()); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	req, _ := http.NewRequest(method, path, nil)
	res, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatalf("%s %s: no answer after %v: %v", method, path, time.Since(start), err)
	}
	took := time.Since(start)
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err := validator.ValidateResponse(req, res.StatusCode, res.Header, body); err != nil {
		t.Errorf("%s %s: %v", method, path, err)
	}
	_, err = br.ReadByte()
	if !res.Close {
		t.Errorf("%s %s: %d without Connection: close", method, path, res.StatusCode)
	}
	return response{Code: res.StatusCode, Header: res.Header, Body: body}, took, err == io.EOF
}

// TestSlowBody_CutWithinTheDeadline: a body that never ends is cut off with a 408 within the
// request timeout, on every route that reads a body (also through the Idempotency-Key path),
// and the connection is closed; a request refused before its body is read (401) is answered at
// once. Before, the first waited for the server's 30 s ReadTimeout and the 401 for its drain.
func TestSlowBody_CutWithinTheDeadline(t *testing.T) {
	t.Parallel()
	const timeout = 400 * time.Millisecond
	en := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = timeout })
	srv := httptest.NewServer(en.e)
	defer srv.Close()
	id := en.createHub("느린 센터", nil)
	master := "Bearer " + en.token("MASTER", masterID)
	for _, tc := range []struct{ method, path, key string }{
		{"POST", "/api/v1/hubs", ""},
		{"POST", "/api/v1/hubs", "slow-1"},
		{"PUT", "/api/v1/hubs/" + id.String(), ""},
		{"PATCH", "/api/v1/hubs/" + id.String(), ""},
	} {
		headers := []string{"Authorization", master}
		if tc.key != "" {
			headers = append(headers, "Idempotency-Key", tc.key)
		}
		r, took, closed := slowBody(t, srv, tc.method, tc.path, headers...)
		expectProblem(t, r, http.StatusRequestTimeout, httpapi.CodeRequestTimeout)
		if took < timeout || took > timeout+time.Second || !closed {
			t.Errorf("%s %s (key %q): 408 after %v (timeout %v), connection closed %v", tc.method, tc.path, tc.key, took, timeout, closed)
		}
		t.Logf("%s %s (key %q): 408 after %v", tc.method, tc.path, tc.key, took)
	}
	r, took, closed := slowBody(t, srv, "POST", "/api/v1/hubs")
	expectProblem(t, r, http.StatusUnauthorized, "UNAUTHENTICATED")
	if took > timeout/2 || !closed {
		t.Errorf("401 after %v, closed %v: want it at once, closing", took, closed)
	}
	t.Logf("401 without a token after %v", took)

	// An ordinary client keeps its connection: a body read to its end closes nothing.
	res, err := srv.Client().Post(srv.URL+"/api/v1/hubs", "application/json", strings.NewReader(`{"hubName":"빠른 센터","address":{"address1":"주소"}}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || res.Close {
		t.Errorf("a whole body refused unread: %d, close %v", res.StatusCode, res.Close)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/hubs", strings.NewReader(`{"hubName":"빠른 센터","address":{"address1":"주소"}}`))
	req.Header.Set("Authorization", master)
	req.Header.Set("Content-Type", "application/json")
	if res, err = srv.Client().Do(req); err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusCreated || res.Close {
		t.Errorf("a whole body: %d, close %v", res.StatusCode, res.Close)
	}
}

// TestSlowBody_ShutdownCutsIt: when the server shuts down, a request still waiting for its body
// is answered 503 at once rather than at its deadline, so that the shutdown is not held up.
func TestSlowBody_ShutdownCutsIt(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = 30 * time.Second })
	srv := httptest.NewServer(en.e)
	defer srv.Close()
	time.AfterFunc(300*time.Millisecond, func() { close(en.done) })
	r, took, closed := slowBody(t, srv, "POST", "/api/v1/hubs", "Authorization", "Bearer "+en.token("MASTER", uuid.New()))
	expectProblem(t, r, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
	if took > 2*time.Second || !closed || r.Header.Get("Retry-After") == "" {
		t.Errorf("503 after %v, closed %v, Retry-After %q", took, closed, r.Header.Get("Retry-After"))
	}
}
