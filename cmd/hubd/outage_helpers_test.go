package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
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
	_ = resp.Body.Close() // read: nothing left to lose
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

// checkOutageWrites compares the database with what the clients were told: a direct
// connection, hubd stopped, PostgreSQL running. A write that did not answer 2xx left nothing,
// unless mayHaveCommitted (nil: none) says its outcome was unknowable: a change whose COMMIT
// had reached a server that then stopped answering commits once the server goes on, while
// its client has been told 503. Such a write may have landed whole, never in part.
func checkOutageWrites(t *testing.T, dsn string, calls []outageCall, targets []string, mayHaveCommitted func(outageCall) bool) {
	t.Helper()
	if mayHaveCommitted == nil {
		mayHaveCommitted = func(outageCall) bool { return false }
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	created, failedCreates, landed := 0, 0, 0
	for _, c := range calls {
		if c.op != "POST" {
			continue
		}
		var n, events int
		if c.status == http.StatusCreated {
			created++
			var name string
			var version int64
			err := db.QueryRow(`SELECT hub_name, version FROM hubs WHERE hub_id = $1`, c.hubID).Scan(&name, &version)
			switch {
			case err != nil:
				t.Errorf("a create that answered 201 is not in the table: %v: %s", err, c)
			case name != c.name || version != 1:
				t.Errorf("hub %s of a 201 holds name %q version %d, want %q version 1", c.hubID, name, version, c.name)
			}
			if err := db.QueryRow(`SELECT count(*) FROM events WHERE aggregate_type = 'hub' AND aggregate_id = $1 AND type = 'hub.created'`,
				c.hubID).Scan(&events); err != nil || events != 1 {
				t.Errorf("a create that answered 201 has %d hub.created events (%v), want 1: %s", events, err, c)
			}
			continue
		}
		failedCreates++
		if err := db.QueryRow(`SELECT count(*) FROM hubs WHERE hub_name = $1`, c.name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FROM events WHERE state->>'hubName' = $1`, c.name).Scan(&events); err != nil {
			t.Fatal(err)
		}
		switch {
		case n == 0 && events == 0:
		case n == 1 && events == 1 && mayHaveCommitted(c):
			created++
			landed++
			t.Logf("a create in flight when the database stopped answered %d but committed: %s", c.status, c)
		default:
			t.Errorf("a create that did not answer 2xx left %d hubs and %d events named %q: %s", n, events, c.name, c)
		}
	}

	patched := 0
	var perTarget []string
	for w, target := range targets {
		// One worker patches its target one at a time: its calls in start order are its order.
		var kept []outageCall // the 200s, and the failures that may have committed anyway
		n200 := 0
		for _, c := range calls {
			if c.op == "PATCH" && c.target == target && (c.status == http.StatusOK || mayHaveCommitted(c)) {
				kept = append(kept, c)
				if c.status == http.StatusOK {
					n200++
				}
			}
		}
		var version int64
		var address2 string
		if err := db.QueryRow(`SELECT version, address2 FROM hubs WHERE hub_id = $1`, target).Scan(&version, &address2); err != nil {
			t.Errorf("patch target %d (%s): %v", w, target, err)
			continue
		}
		rows, err := db.Query(`SELECT version, state->'address'->>'address2' FROM events
			WHERE aggregate_type = 'hub' AND aggregate_id = $1 AND type = 'hub.updated' ORDER BY seq`, target)
		if err != nil {
			t.Fatal(err)
		}
		var evMarks []string
		var evVersions []int64
		for rows.Next() {
			var v int64
			var m string
			if err := rows.Scan(&v, &m); err != nil {
				t.Fatal(err)
			}
			evVersions, evMarks = append(evVersions, v), append(evMarks, m)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil { //nolint:sqlclosecheck // one query per target of the loop, closed before the next
			t.Fatal(err)
		}
		// Every 200 has its event, in order; a failure that may have committed may have one.
		i := 0
		for _, c := range kept {
			switch {
			case i < len(evMarks) && evMarks[i] == c.mark:
				i++
				if c.status != http.StatusOK {
					landed++
					t.Logf("a PATCH in flight when the database stopped answered %d but committed: %s", c.status, c)
				}
			case c.status == http.StatusOK:
				t.Errorf("patch target %d: the PATCH that answered 200 with mark %q has no hub.updated event (events: %q)", w, c.mark, evMarks)
			}
		}
		if i != len(evMarks) {
			t.Errorf("patch target %d: hub.updated events carry marks %q, want those of the 200s in order (%d of them)", w, evMarks, n200)
		}
		if want := int64(1 + len(evMarks)); version != want {
			t.Errorf("patch target %d: version %d, want 1 + %d hub.updated events = %d", w, version, len(evMarks), want)
		}
		for i, v := range evVersions {
			if v != int64(i+2) {
				t.Errorf("patch target %d: hub.updated event %d has version %d, want %d", w, i, v, i+2)
				break
			}
		}
		if len(evMarks) > 0 && address2 != evMarks[len(evMarks)-1] {
			t.Errorf("patch target %d: address2 %q, want the last event's mark %q", w, address2, evMarks[len(evMarks)-1])
		}
		patched += len(evMarks)
		perTarget = append(perTarget, fmt.Sprintf("%d (version %d)", n200, version))
	}

	var hubs, events int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM hubs), (SELECT count(*) FROM events)`).Scan(&hubs, &events); err != nil {
		t.Fatal(err)
	}
	if want := 17 + len(targets) + created; hubs != want {
		t.Errorf("the table holds %d hubs, want 17 seeded + %d targets + %d created = %d", hubs, len(targets), created, want)
	}
	if want := 17 + 36 + len(targets) + created + patched; events != want {
		t.Errorf("events holds %d events, want one per seeded hub and route, target and created hub and per 200 PATCH = %d", events, want)
	}
	t.Logf("writes checked: %d creates in the table by hubId and name with one hub.created event each (the 201s and %d in flight when the database stopped); "+
		"%d creates did not answer 2xx and left no hub and no event, unless in flight; PATCHes that answered 200 per hub: %s, "+
		"each hub's version = 1 + its hub.updated events = its 200s' marks in order (and any in flight that committed); totals: %d hubs, %d events; "+
		"%d writes answered 503 but committed (their COMMIT had reached the server)",
		created, landed, failedCreates, strings.Join(perTarget, ", "), hubs, events, landed)
}

func countOp(calls []outageCall, op string) int {
	n := 0
	for _, c := range calls {
		if c.op == op {
			n++
		}
	}
	return n
}

// firstFailures lists up to n calls among those keep selects that did not succeed.
func firstFailures(calls []outageCall, keep func(outageCall) bool, n int) string {
	var b strings.Builder
	for _, c := range calls {
		if keep(c) && !c.ok() && n > 0 {
			b.WriteString(c.String() + "\n")
			n--
		}
	}
	return b.String()
}

// lastCalls lists the last n calls.
func lastCalls(calls []outageCall, n int) string {
	var b strings.Builder
	for _, c := range calls[max(0, len(calls)-n):] {
		b.WriteString(c.String() + "\n")
	}
	return b.String()
}

// outageService is hubd serve on a PostgreSQL the test controls (outageCluster), with a MASTER
// token and, for each load worker, a hub of its own to patch.
type outageService struct {
	pg      *outageCluster
	p       *serveProcess
	bearer  string
	api     string // the hubs collection
	client  *http.Client
	targets []string // hub ids, one per worker
}

// startOutageService starts the cluster, creates the hubd database on it, starts hubd serve
// (environment extra added) and waits until it is ready and has seeded the 17 hubs, then
// creates the workers' patch targets. The client waits 40s for an answer, far past any
// deadline, so that a hang is measured rather than cut short.
func startOutageService(t *testing.T, pattern string, workers int, extra ...string) *outageService {
	t.Helper()
	bin := buildHubd(t)
	root := reachableTempRoot(t, pattern)
	s := &outageService{pg: startOutageCluster(t, filepath.Join(root, "postgres"))}
	admin, err := sql.Open("postgres", s.pg.srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE hubd`); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	env := hubdEnv(append([]string{
		"HUBD_DATABASE_URL=" + s.pg.srv.DSN("hubd"),
		"HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_RATE_LIMIT=0",
		"HUBD_DATA_DIR=" + filepath.Join(root, "data"),
		"HUBD_JWT_SECRET=outage-test-secret-0123456789abcdefghijklmnop",
	}, extra...)...)
	s.p = startServe(t, bin, root, env) // after the cluster: its cleanup kills hubd before PostgreSQL stops
	waitReady(t, s.p.url, 90*time.Second)
	s.bearer = strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", "MASTER"))
	s.api = s.p.url + "/api/v1/hubs"
	s.client = &http.Client{Timeout: 40 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * workers}}

	var seeded page
	get(t, s.api+"?size=100", s.bearer, &seeded)
	if seeded.Page.TotalElements != 17 {
		t.Fatalf("hubd seeded %d hubs on its first start, want 17", seeded.Page.TotalElements)
	}
	// Each worker patches a hub of its own, so its 200s are the whole story of that hub.
	s.targets = make([]string, workers)
	for w := range s.targets {
		c := outageCall{op: "POST"}.send(s.client, http.MethodPost, s.api, s.bearer, "application/json",
			fmt.Sprintf(`{"hubName":"outage target %d","address":{"address1":"target %d"}}`, w, w))
		if c.status != http.StatusCreated || c.hubID == "" {
			t.Fatalf("create the patch target %d: %s", w, c)
		}
		s.targets[w] = c.hubID
	}
	return s
}

// outageLoad is a steady mixed load on an outageService: each worker cycles through ops at its
// pace until stopped, its call budget is spent, or two minutes have passed. The ops: "POST"
// creates a hub, "SEARCH" searches the worker's hubs by name prefix, "GET" reads its target,
// "PATCH" changes its target's address2 to a mark of its own.
type outageLoad struct {
	log   outageLog
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
}

func startOutageLoad(t *testing.T, s *outageService, workers int, pace time.Duration, ops ...string) *outageLoad {
	l := &outageLoad{start: time.Now(), stop: make(chan struct{})}
	for w := range workers {
		l.wg.Go(func() {
			tick := time.NewTicker(pace)
			defer tick.Stop()
			hardStop := time.After(2 * time.Minute)
			for i := range outageMaxCalls {
				select {
				case <-l.stop:
					return
				case <-hardStop:
					return
				case <-tick.C:
				}
				c := outageCall{worker: w, seq: i, op: ops[i%len(ops)]}
				switch c.op {
				case "POST":
					c.name = fmt.Sprintf("outage w%d c%04d", w, i)
					c = c.send(s.client, http.MethodPost, s.api, s.bearer, "application/json",
						fmt.Sprintf(`{"hubName":%q,"address":{"address1":"load %d"}}`, c.name, i))
				case "SEARCH":
					c = c.send(s.client, http.MethodGet, s.api+"?"+url.Values{
						"hubName": {fmt.Sprintf("outage w%d", w)}, "sort": {"hubName"}, "size": {"5"}}.Encode(), s.bearer, "", "")
				case "GET":
					c.target = s.targets[w]
					c = c.send(s.client, http.MethodGet, s.api+"/"+c.target, s.bearer, "", "")
				case "PATCH":
					c.target, c.mark = s.targets[w], fmt.Sprintf("w%d p%04d", w, i)
					c = c.send(s.client, http.MethodPatch, s.api+"/"+c.target, s.bearer, "application/merge-patch+json",
						fmt.Sprintf(`{"address":{"address2":%q}}`, c.mark))
				default:
					panic("unknown load op " + c.op)
				}
				l.log.add(c)
			}
		})
	}
	t.Cleanup(l.end)
	return l
}

// end stops the load and waits for the requests in flight.
func (l *outageLoad) end() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	l.wg.Wait()
}
