package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// outageCall is one request of the outage test's load, as the client saw it.
type outageCall struct {
	worker, seq int
	op          string // "POST", "GET" or "PATCH"
	name        string // POST: the hub name sent
	target      string // PATCH: the hub patched
	mark        string // PATCH: the address2 sent
	start, end  time.Time
	status      int    // 0 on a transport error
	err         error  // transport error (or unreadable body)
	ctype       string // Content-Type of the answer
	code        string // problem+json code, when the answer is a problem
	retryAfter  string
	hubID       string // POST 201: the body's hubId
	body        string // the first bytes of the answer, for failure messages
}

func (c outageCall) latency() time.Duration { return c.end.Sub(c.start) }
func (c outageCall) ok() bool               { return c.err == nil && c.status >= 200 && c.status < 300 }

// unavailable is the answer the service owes when its database cannot answer: 503
// problem+json with code SERVICE_UNAVAILABLE and a Retry-After.
func (c outageCall) unavailable() bool {
	return c.err == nil && c.status == http.StatusServiceUnavailable && c.code == "SERVICE_UNAVAILABLE" &&
		strings.HasPrefix(c.ctype, "application/problem+json") && c.retryAfter != ""
}

// cleanClientError is a 4xx problem+json with a code.
func (c outageCall) cleanClientError() bool {
	return c.err == nil && c.status >= 400 && c.status < 500 && c.code != "" &&
		strings.HasPrefix(c.ctype, "application/problem+json")
}

func (c outageCall) String() string {
	what := c.op
	switch {
	case c.name != "":
		what += " " + c.name
	case c.target != "":
		what += " " + c.target + " " + c.mark
	}
	out := fmt.Sprintf("worker %d #%d %s at %s took %s", c.worker, c.seq, what,
		c.start.Format("15:04:05.000"), c.latency().Round(time.Millisecond))
	if c.err != nil {
		return out + ": transport error: " + c.err.Error()
	}
	if c.ok() {
		return fmt.Sprintf("%s: %d", out, c.status)
	}
	return fmt.Sprintf("%s: %d %s (Content-Type %q, Retry-After %q) %s", out, c.status, c.code, c.ctype, c.retryAfter, c.body)
}

// outageLog collects the calls of every worker; the test reads it while the load runs.
type outageLog struct {
	mu    sync.Mutex
	calls []outageCall
}

func (l *outageLog) add(c outageCall) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
}

// count is how many recorded calls match keep.
func (l *outageLog) count(keep func(outageCall) bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.calls {
		if keep(c) {
			n++
		}
	}
	return n
}

// sorted is every call, by start time.
func (l *outageLog) sorted() []outageCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]outageCall(nil), l.calls...)
	sort.Slice(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	return out
}

// send runs one request and records what came back; it never fails the test itself.
func (c outageCall) send(client *http.Client, method, url, bearer, contentType, body string) outageCall {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		c.err = err
		return c
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c.start = time.Now()
	resp, err := client.Do(req)
	if err != nil {
		c.end, c.err = time.Now(), err
		return c
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	c.end = time.Now()
	if err != nil {
		c.err = fmt.Errorf("read body of %d: %w", resp.StatusCode, err)
		return c
	}
	c.status, c.ctype, c.retryAfter = resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After")
	c.body = string(raw[:min(len(raw), 300)])
	var fields struct {
		Code  string `json:"code"`
		HubID string `json:"hubId"`
	}
	_ = json.Unmarshal(raw, &fields)
	c.code = fields.Code
	if c.status == http.StatusCreated {
		c.hubID = fields.HubID
	}
	return c
}

// outageCluster is the PostgreSQL the outage test stops and starts under hubd.
type outageCluster struct {
	opts pglocal.Options
	srv  *pglocal.Server // the running one, or the last one stopped
}

// startOutageCluster starts a persistent cluster in dir on a free loopback port. The port is
// picked here (not by pglocal) because the restart must come back on the same one; a port
// taken between picking and binding is retried with another.
func startOutageCluster(t *testing.T, dir string) *outageCluster {
	t.Helper()
	var errs []string
	for range 3 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		oc := &outageCluster{opts: pglocal.Options{Mode: pglocal.Persistent, DataDir: dir, Port: port}}
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		oc.srv, err = pglocal.Start(ctx, oc.opts)
		cancel()
		if err == nil {
			t.Cleanup(func() { // after hubd's own cleanup, which kills it (cleanups run last first)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := oc.srv.Stop(ctx); err != nil {
					t.Errorf("stop the test PostgreSQL: %v", err)
				}
			})
			return oc
		}
		errs = append(errs, err.Error())
	}
	t.Fatalf("start the test PostgreSQL:\n%s", strings.Join(errs, "\n"))
	return nil
}

// stop shuts the running server down (fast shutdown: clients are disconnected).
func (oc *outageCluster) stop(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := oc.srv.Stop(ctx); err != nil {
		t.Fatalf("stop the test PostgreSQL: %v", err)
	}
}

// restart starts the cluster again on the same data dir and port.
func (oc *outageCluster) restart(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv, err := pglocal.Start(ctx, oc.opts)
	if err != nil {
		t.Fatalf("restart the test PostgreSQL on port %d: %v", oc.opts.Port, err)
	}
	oc.srv = srv
}

// pollUntil checks cond every 20ms until it holds or within passes; it reports whether it held.
func pollUntil(within time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(within); ; time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// tally counts calls by "OP status CODE" (or "OP transport error"), sorted for the log.
func tally(calls []outageCall) string {
	counts := map[string]int{}
	for _, c := range calls {
		k := fmt.Sprintf("%s %d", c.op, c.status)
		if c.err != nil {
			k = c.op + " transport error"
		} else if c.code != "" {
			k += " " + c.code
		}
		counts[k]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, counts[k])
	}
	return strings.Join(parts, ", ")
}

// maxLatency is the slowest call's latency.
func maxLatency(calls []outageCall) time.Duration {
	var m time.Duration
	for _, c := range calls {
		m = max(m, c.latency())
	}
	return m
}

// errorLines are hubd's log lines at level error, for failure messages.
func errorLines(stderr string) string {
	var b strings.Builder
	for line := range strings.Lines(stderr) {
		if strings.Contains(line, `"level":"ERROR"`) {
			b.WriteString(line)
		}
	}
	return b.String()
}
