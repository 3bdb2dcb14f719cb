package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Timings of the freeze tests. A request must be answered within hubd's request deadline
// (http.request_timeout, 5s) plus a second; /readyz within its own ping timeout (2s) plus one.
const (
	freezeAnswerWithin  = outageRequestDeadline + time.Second
	freezeReadyWithin   = 3 * time.Second
	freezeRecoverWithin = 5 * time.Second // first 2xx after SIGCONT, at the latest
	freezeLoadBefore    = 2 * time.Second
	freezeLoadAfter     = 6 * time.Second
	freezeReadyEvery    = 250 * time.Millisecond
)

// freezeEnv shortens the freeze of TestServeAnswersInTimeWhileTheDatabaseIsFrozen for quick
// local runs, in whole seconds; the suite runs the full 25 seconds.
const freezeEnv = "HUBD_TEST_FREEZE_SECONDS"

// TestServeAnswersInTimeWhileTheDatabaseIsFrozen runs the real binary under a mixed load
// (creates, searches, gets, patches from eight callers) and stops every process of its
// PostgreSQL with SIGSTOP for 25 seconds, as the trial of issue 9 did. A stopped server keeps
// its kernel's TCP stack: connections are accepted into the backlog and what is sent is
// acknowledged, so only deadlines on hubd's side can end a request. Every request must be
// answered within the deadline plus a second, with the 503 problem (or a 2xx for one whose
// database work was done before the freeze); /readyz must say 503 within its timeout; after
// SIGCONT hubd must serve again within 5s on its own, and the database must hold exactly the
// writes that answered 2xx, plus at most the ones in flight when the server stopped, whose
// COMMIT had reached it (see checkOutageWrites).
func TestServeAnswersInTimeWhileTheDatabaseIsFrozen(t *testing.T) {
	freeze := 25 * time.Second
	if v := os.Getenv(freezeEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 15 {
			t.Fatalf("%s=%q: want whole seconds, at least 15 (requests must start and end inside it)", freezeEnv, v)
		}
		freeze = time.Duration(n) * time.Second
	}
	runFreeze(t, freezeCase{what: "every PostgreSQL process", all: true, freeze: freeze, workers: 8, pace: 50 * time.Millisecond})
}

// TestServeAnswersInTimeWhileOnlyThePostmasterIsFrozen stops only the postmaster, for 15s: the
// backends of pooled connections go on serving, but every new connection waits in the backlog.
// hubd's connections live a second here (database.conn_max_lifetime), so soon every request
// needs a new one: it must end with the 503 problem within the deadline plus a second.
func TestServeAnswersInTimeWhileOnlyThePostmasterIsFrozen(t *testing.T) {
	runFreeze(t, freezeCase{what: "the postmaster", all: false, freeze: 15 * time.Second, workers: 4, pace: 100 * time.Millisecond,
		config: "database:\n  conn_max_lifetime: 1s\n"})
}

type freezeCase struct {
	what    string
	all     bool // every process, or the postmaster alone
	freeze  time.Duration
	workers int
	pace    time.Duration
	config  string // hubd.yaml, if any
}

func runFreeze(t *testing.T, fc freezeCase) {
	var extra []string
	if fc.config != "" {
		path := filepath.Join(t.TempDir(), "hubd.yaml")
		if err := os.WriteFile(path, []byte(fc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		extra = append(extra, "HUBD_CONFIG="+path)
	}
	svc := startOutageService(t, "hubd-freeze-test-*", fc.workers, extra...)
	load := startOutageLoad(t, svc, fc.workers, fc.pace, "POST", "SEARCH", "GET", "PATCH")
	var ready outageLog
	readyStop := make(chan struct{})
	readyDone := make(chan struct{})
	go func() { // /readyz, polled throughout
		defer close(readyDone)
		for i := 0; ; i++ {
			select {
			case <-readyStop:
				return
			case <-time.After(freezeReadyEvery):
			}
			ready.add(outageCall{op: "READYZ", seq: i}.send(svc.client, http.MethodGet, svc.p.url+"/readyz", svc.bearer, "", ""))
		}
	}()
	endReady := func() {
		select {
		case <-readyStop:
		default:
			close(readyStop)
		}
		<-readyDone
	}
	t.Cleanup(endReady)

	if !pollUntil(30*time.Second, func() bool {
		return time.Since(load.start) >= freezeLoadBefore && load.log.count(outageCall.ok) >= 4*fc.workers
	}) {
		t.Fatalf("the load before the freeze got %d 2xx:\n%s", load.log.count(outageCall.ok),
			firstFailures(load.log.sorted(), func(outageCall) bool { return true }, 10))
	}
	f := freezePostgres(t, svc.pg.srv.DataDir(), fc.all)
	frozenAt := time.Now()
	time.Sleep(fc.freeze - time.Since(f.began))
	thawAt := time.Now()
	f.thaw(t)
	thawedAt := time.Now()
	pollUntil(30*time.Second, func() bool {
		return time.Since(thawedAt) >= freezeLoadAfter &&
			load.log.count(func(c outageCall) bool { return c.ok() && c.start.After(thawedAt) }) >= 10*fc.workers
	})
	load.end()
	endReady()
	svc.p.stop(t)

	calls, readyCalls := load.log.sorted(), ready.sorted()
	t.Logf("%s stopped (SIGSTOP) for %s: %d processes, stopping them took %s; SIGCONT took %s; load: %d requests from %d callers",
		fc.what, thawAt.Sub(f.began).Round(time.Millisecond), len(f.pids), frozenAt.Sub(f.began).Round(time.Millisecond),
		thawedAt.Sub(thawAt).Round(time.Millisecond), len(calls), fc.workers)

	// Everywhere: an answer in time, never a 500 or another 5xx than the 503 problem.
	for _, c := range calls {
		switch {
		case c.err != nil:
			t.Errorf("transport error: %s", c)
		case c.latency() > freezeAnswerWithin:
			t.Errorf("answered after %s, past the deadline plus 1s: %s", c.latency().Round(time.Millisecond), c)
		case c.status >= 500 && !c.unavailable():
			t.Errorf("a 5xx that is not the 503 SERVICE_UNAVAILABLE problem with Retry-After: %s", c)
		case c.status >= 400 && c.status < 500 && !c.cleanClientError():
			t.Errorf("a 4xx that is not problem+json with a code: %s", c)
		}
	}
	var before, during, overlapping []outageCall
	for _, c := range calls {
		switch {
		case c.end.Before(f.began):
			before = append(before, c)
		case c.start.After(frozenAt) && c.end.Before(thawAt):
			during = append(during, c)
		case c.start.Before(thawedAt):
			overlapping = append(overlapping, c)
		}
	}
	for _, c := range before {
		if !c.ok() {
			t.Errorf("before the freeze: %s", c)
		}
	}
	unavailable := 0
	for _, c := range during {
		if c.unavailable() {
			unavailable++
		} else if fc.all || !c.ok() {
			// Frozen whole, the server can answer nothing; with the postmaster alone frozen, a
			// request on a pooled connection still succeeds.
			t.Errorf("during the freeze, want 503 SERVICE_UNAVAILABLE problem+json: %s", c)
		}
	}
	if least := int(fc.freeze/outageRequestDeadline) * fc.workers / 2; len(during) < least || unavailable == 0 {
		t.Errorf("%d requests fell wholly inside the freeze (%d of them 503), want at least %d and some 503s", len(during), unavailable, least)
	}
	t.Logf("before the freeze: %d requests (%s), slowest %s", len(before), tally(before), maxLatency(before).Round(time.Millisecond))
	t.Logf("during the freeze: %d requests started and answered while it lasted: %s; slowest %s",
		len(during), tally(during), maxLatency(during).Round(time.Millisecond))
	t.Logf("overlapping its start or its end: %d requests: %s; slowest %s", len(overlapping), tally(overlapping), maxLatency(overlapping).Round(time.Millisecond))
	var slowest outageCall
	for _, c := range calls {
		if c.latency() > slowest.latency() {
			slowest = c
		}
	}
	t.Logf("the slowest answer of all: %s", slowest)

	// /readyz: 200 before; frozen whole, 503 within its timeout; always an answer in time.
	readyDuring, ready503 := 0, 0
	for _, c := range readyCalls {
		switch {
		case c.err != nil || c.latency() > freezeReadyWithin:
			t.Errorf("/readyz: want an answer within %s: %s", freezeReadyWithin, c)
		case c.end.Before(f.began) && c.status != http.StatusOK:
			t.Errorf("/readyz before the freeze: %s", c)
		case c.start.After(frozenAt) && c.end.Before(thawAt):
			readyDuring++
			if c.status == http.StatusServiceUnavailable && strings.HasPrefix(c.ctype, "application/problem+json") {
				ready503++
			} else if fc.all {
				t.Errorf("/readyz during the freeze: want 503 problem+json: %s", c)
			}
		}
	}
	if fc.all && readyDuring < 3 {
		t.Errorf("only %d /readyz answers during the freeze", readyDuring)
	}
	t.Logf("/readyz during the freeze: %d answers, %d of them 503; slowest /readyz of all %s",
		readyDuring, ready503, maxLatency(readyCalls).Round(time.Millisecond))

	// Recovery: the first 2xx that ends after SIGCONT, within freezeRecoverWithin; from then on
	// every request that starts succeeds.
	var first *outageCall
	for i, c := range calls {
		if c.ok() && c.end.After(thawAt) && c.start.After(frozenAt) && (first == nil || c.end.Before(first.end)) {
			first = &calls[i]
		}
	}
	if first == nil {
		t.Fatalf("no request succeeded after the thaw; the last ones:\n%s\nhubd errors:\n%s",
			lastCalls(calls, 12), errorLines(svc.p.stderr.String()))
	}
	recovery := first.end.Sub(thawedAt)
	if recovery > freezeRecoverWithin {
		t.Errorf("hubd served its first 2xx %s after SIGCONT, want within %s: %s", recovery.Round(time.Millisecond), freezeRecoverWithin, first)
	}
	var after []outageCall
	for _, c := range calls {
		if c.start.After(first.end) {
			after = append(after, c)
			if !c.ok() {
				t.Errorf("after hubd recovered (first 2xx ended at %s): %s", first.end.Format("15:04:05.000"), c)
			}
		}
	}
	if len(after) < 10*fc.workers {
		t.Errorf("only %d requests after the recovery, want at least %d", len(after), 10*fc.workers)
	}
	t.Logf("recovery: the first 2xx ended %s after SIGCONT: %s", recovery.Round(time.Millisecond), first)
	t.Logf("after the recovery: %d requests: %s; slowest %s", len(after), tally(after), maxLatency(after).Round(time.Millisecond))

	// A change in flight when the server stopped may have had its COMMIT in the server's hands;
	// one that started later never got an answer to its BEGIN, so cannot have committed.
	checkOutageWrites(t, svc.pg.srv.DSN("hubd"), calls, svc.targets, func(c outageCall) bool {
		return fc.all && c.start.Before(frozenAt) && !c.ok()
	})
	if t.Failed() {
		t.Logf("hubd errors:\n%s", errorLines(svc.p.stderr.String()))
	}
}

// pgFreeze is a PostgreSQL stopped with SIGSTOP: the postmaster, and its children when all.
type pgFreeze struct {
	began time.Time
	pids  []int // the postmaster first
}

// freezePostgres stops the postmaster of the cluster in dataDir, waits until it is stopped (so
// it forks no more), then, when all, every child of it. It thaws them in the test's cleanup
// too, so that a failing test leaves a server that can be stopped.
func freezePostgres(t *testing.T, dataDir string, all bool) *pgFreeze {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	postmaster, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	f := &pgFreeze{began: time.Now()}
	t.Cleanup(func() { f.thaw(t) })
	stop := func(pid int) {
		switch err := syscall.Kill(pid, syscall.SIGSTOP); err {
		case nil:
			f.pids = append(f.pids, pid)
		case syscall.ESRCH: // a backend that has just exited
		default:
			t.Fatalf("SIGSTOP %d: %v", pid, err)
		}
	}
	stop(postmaster)
	waitStopped(t, postmaster)
	if all {
		for _, pid := range childrenOf(t, postmaster) {
			stop(pid)
		}
		for _, pid := range f.pids[1:] {
			waitStopped(t, pid)
		}
		// The postmaster forks nothing while stopped: its children now are those stopped.
		stopped := map[int]bool{}
		for _, pid := range f.pids {
			stopped[pid] = true
		}
		for _, pid := range childrenOf(t, postmaster) {
			if !stopped[pid] {
				t.Fatalf("child %d of the stopped postmaster was not stopped", pid)
			}
		}
	}
	return f
}

// thaw sends SIGCONT to every process stopped; it may be called again.
func (f *pgFreeze) thaw(t *testing.T) {
	for _, pid := range f.pids {
		if err := syscall.Kill(pid, syscall.SIGCONT); err != nil && err != syscall.ESRCH {
			t.Errorf("SIGCONT %d: %v", pid, err)
		}
	}
}

// procStat is a process's parent and state, from /proc/PID/stat.
func procStat(pid int) (ppid int, state byte, err error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// "pid (comm) state ppid ...": comm may hold spaces and parentheses, so cut at the last ')'.
	rest := raw[bytes.LastIndexByte(raw, ')')+2:]
	fields := strings.Fields(string(rest))
	if len(fields) < 2 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: %q", pid, raw)
	}
	ppid, err = strconv.Atoi(fields[1])
	return ppid, fields[0][0], err
}

func childrenOf(t *testing.T, parent int) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, _, err := procStat(pid); err == nil && ppid == parent {
			out = append(out, pid)
		}
	}
	return out
}

// waitStopped waits until pid is stopped (state T), so that the freeze is complete; a process
// that has exited meanwhile (gone, or a zombie its stopped parent cannot reap) runs no more either.
func waitStopped(t *testing.T, pid int) {
	t.Helper()
	if !pollUntil(5*time.Second, func() bool {
		_, state, err := procStat(pid)
		return os.IsNotExist(err) || err == nil && (state == 'T' || state == 'Z' || state == 'X')
	}) {
		_, state, err := procStat(pid)
		t.Fatalf("process %d not stopped 5s after SIGSTOP: state %q (%v)", pid, state, err)
	}
}

// TestServeStopsPromptlyWhileTheDatabaseIsFrozen sends SIGTERM to hubd while every process of
// its PostgreSQL is stopped and requests wait on it: the requests in flight end at their
// deadline, the event listener and the pool close without waiting on the server, and hubd
// exits 0 well within its shutdown timeout (15s, which a hang would run out).
func TestServeStopsPromptlyWhileTheDatabaseIsFrozen(t *testing.T) {
	const workers = 4
	svc := startOutageService(t, "hubd-freeze-stop-test-*", workers)
	load := startOutageLoad(t, svc, workers, 50*time.Millisecond, "POST", "SEARCH", "GET", "PATCH")
	if !pollUntil(30*time.Second, func() bool {
		return time.Since(load.start) >= freezeLoadBefore && load.log.count(outageCall.ok) >= 4*workers
	}) {
		t.Fatalf("the load before the freeze got %d 2xx", load.log.count(outageCall.ok))
	}
	f := freezePostgres(t, svc.pg.srv.DataDir(), true)
	time.Sleep(time.Second) // requests are waiting on the frozen server
	stopAt := time.Now()
	svc.p.stop(t) // SIGTERM; fails the test unless hubd exits 0
	took := time.Since(stopAt)
	load.end()
	f.thaw(t)
	if limit := freezeAnswerWithin + 3*time.Second; took > limit {
		t.Errorf("hubd took %s to exit after SIGTERM with its database frozen, want at most %s", took.Round(time.Millisecond), limit)
	}
	inFlight := 0
	for _, c := range load.log.sorted() {
		if c.start.Before(stopAt) && c.end.After(stopAt) {
			inFlight++
			if !c.unavailable() && !c.ok() {
				t.Errorf("a request in flight at SIGTERM: want the 503 problem (or a 2xx): %s", c)
			}
		}
	}
	t.Logf("hubd exited 0 %s after SIGTERM, with its database frozen and %d requests in flight", took.Round(time.Millisecond), inFlight)
}
