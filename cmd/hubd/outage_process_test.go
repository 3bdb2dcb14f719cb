package main

import (
	"testing"
	"time"

	_ "github.com/lib/pq"
)

// Timings of the outage test. The request deadline is hubd's default http.request_timeout.
const (
	outageRequestDeadline = 5 * time.Second
	outageLoadBefore      = 2 * time.Second // load before PostgreSQL stops
	outageDown            = 4 * time.Second // PostgreSQL down, load running
	outageLoadAfter       = 6 * time.Second // load after PostgreSQL is back
	outageRecoverWithin   = 5 * time.Second // first 2xx after the restart, at the latest
	outageWorkers         = 4
	outagePace            = 40 * time.Millisecond // per worker: at most 25 requests a second each
	outageMaxCalls        = 1500                  // per worker, a bound the pace never reaches
	outageMinDown         = 20                    // requests the outage must see, or it proved nothing
)

// TestServeSurvivesDatabaseOutage runs the real binary on a PostgreSQL the test controls, under a
// steady mixed load (create, search, patch) from four callers, and stops PostgreSQL for a few
// seconds, then starts it again on the same port and data. During the outage every request must
// get a 503 problem+json (or a clean 4xx) within the request deadline plus a second, never a 500,
// a dropped connection or a hang; after the restart hubd must serve again within 5 seconds on its
// own and then fail nothing; and the database afterwards must hold exactly the writes that
// answered 2xx: every 201's hub, no hub of a create that failed, and for each patched hub as
// many hub.updated events (and versions) as PATCHes that answered 200, carrying their marks.
// It needs the PostgreSQL server binaries and never skips.
func TestServeSurvivesDatabaseOutage(t *testing.T) {
	svc := startOutageService(t, "hubd-outage-test-*", outageWorkers)
	pg, p, targets := svc.pg, svc.p, svc.targets
	load := startOutageLoad(t, svc, outageWorkers, outagePace, "POST", "SEARCH", "PATCH")
	log, loadStart, endLoad := &load.log, load.start, load.end

	// Load first, until at least outageLoadBefore has passed and every worker has been served.
	if !pollUntil(30*time.Second, func() bool {
		return time.Since(loadStart) >= outageLoadBefore && log.count(outageCall.ok) >= 3*outageWorkers
	}) {
		endLoad()
		t.Fatalf("the load before the outage got %d 2xx in %s:\n%s", log.count(outageCall.ok),
			time.Since(loadStart).Round(time.Millisecond), firstFailures(log.sorted(), func(outageCall) bool { return true }, 10))
	}

	stopAt := time.Now()
	pg.stop(t)
	stoppedAt := time.Now()
	// Down until outageDown has passed and the outage has seen enough requests start and end.
	pollUntil(30*time.Second, func() bool {
		return time.Since(stopAt) >= outageDown &&
			log.count(func(c outageCall) bool { return !c.start.Before(stoppedAt) }) >= outageMinDown
	})
	restartAt := time.Now()
	pg.restart(t)
	restartedAt := time.Now()
	// Load again until outageLoadAfter has passed and the service has served a good share; a
	// service that never recovers ends the load after 30s and fails below with the details.
	pollUntil(30*time.Second, func() bool {
		return time.Since(restartedAt) >= outageLoadAfter &&
			log.count(func(c outageCall) bool { return c.ok() && c.start.After(restartedAt) }) >= 10*outageWorkers
	})
	endLoad()
	loadEnd := time.Now()
	p.stop(t)

	calls := log.sorted()
	t.Logf("load: %d requests from %d callers over %s; PostgreSQL stop took %s, down for %s (stop called to restart called), restart took %s",
		len(calls), outageWorkers, loadEnd.Sub(loadStart).Round(time.Millisecond), stoppedAt.Sub(stopAt).Round(time.Millisecond),
		restartAt.Sub(stopAt).Round(time.Millisecond), restartedAt.Sub(restartAt).Round(time.Millisecond))

	// Everywhere: an answer, never a 500 or another 5xx than the 503 problem, within the deadline.
	for _, c := range calls {
		switch {
		case c.err != nil:
			t.Errorf("transport error: %s", c)
		case c.latency() > outageRequestDeadline+time.Second:
			t.Errorf("answered after %s, past the %s deadline plus 1s: %s", c.latency().Round(time.Millisecond), outageRequestDeadline, c)
		case c.status >= 500 && !c.unavailable():
			t.Errorf("a 5xx that is not the 503 SERVICE_UNAVAILABLE problem with Retry-After: %s", c)
		case c.status >= 400 && c.status < 500 && !c.cleanClientError():
			t.Errorf("a 4xx that is not problem+json with a code: %s", c)
		}
	}

	// Before the stop: everything succeeded.
	var before, during, strict []outageCall
	for _, c := range calls {
		if c.end.Before(stopAt) {
			before = append(before, c)
		}
		if c.end.After(stopAt) && c.start.Before(restartedAt) {
			during = append(during, c)
		}
		// Wholly inside the outage (after the stop has begun to bite, before the restart began):
		// the database can answer nothing, so nothing may succeed either.
		if c.start.After(stopAt.Add(500*time.Millisecond)) && c.end.Before(restartAt) {
			strict = append(strict, c)
		}
	}
	for _, c := range before {
		if !c.ok() {
			t.Errorf("before the outage, with the database up: %s", c)
		}
	}
	t.Logf("before the outage: %d requests (%s), max latency %s", len(before), tally(before), maxLatency(before).Round(time.Millisecond))

	// During the outage: 503 problem or clean 4xx; a 2xx only for a request in flight at an edge.
	for _, c := range strict {
		if !c.unavailable() && !c.cleanClientError() {
			t.Errorf("during the outage, want 503 SERVICE_UNAVAILABLE problem+json or a clean 4xx: %s", c)
		}
	}
	if len(strict) < outageMinDown {
		t.Errorf("only %d requests fell wholly inside the outage, want at least %d", len(strict), outageMinDown)
	}
	for _, op := range []string{"POST", "SEARCH", "PATCH"} {
		if n := countOp(strict, op); n == 0 {
			t.Errorf("no %s fell wholly inside the outage", op)
		}
	}
	t.Logf("during the outage: %d requests wholly inside it: %s; max latency %s",
		len(strict), tally(strict), maxLatency(strict).Round(time.Millisecond))
	t.Logf("overlapping the outage (ended after the stop began, started before PostgreSQL was back): %d requests: %s; max latency %s",
		len(during), tally(during), maxLatency(during).Round(time.Millisecond))

	// Recovery: the first 2xx that ends after the restart began, within 5s of PostgreSQL being
	// back; from then on every request that starts succeeds.
	var first *outageCall
	for i, c := range calls {
		if c.ok() && c.end.After(restartAt) && (first == nil || c.end.Before(first.end)) {
			first = &calls[i]
		}
	}
	if first == nil {
		t.Fatalf("no request succeeded after the restart; the last ones:\n%s\nhubd errors:\n%s",
			lastCalls(calls, 12), errorLines(p.stderr.String()))
	}
	// Negative when hubd served before pglocal.Start returned (PostgreSQL accepts connections
	// a moment before its readiness check sees it).
	recovery := first.end.Sub(restartedAt)
	if recovery > outageRecoverWithin {
		t.Errorf("hubd served its first 2xx %s after PostgreSQL was back, want within %s: %s\nin between:\n%s",
			recovery.Round(time.Millisecond), outageRecoverWithin, first,
			firstFailures(calls, func(c outageCall) bool { return !c.start.After(restartedAt) }, 10))
	}
	var gap, after []outageCall
	for _, c := range calls {
		switch {
		case c.start.After(first.end):
			after = append(after, c)
		case c.end.After(restartAt):
			gap = append(gap, c)
		}
	}
	for _, c := range after {
		if !c.ok() {
			t.Errorf("after hubd recovered (first 2xx ended at %s): %s", first.end.Format("15:04:05.000"), c)
		}
	}
	if len(after) < 10*outageWorkers {
		t.Errorf("only %d requests after the recovery, want at least %d", len(after), 10*outageWorkers)
	}
	t.Logf("recovery: first 2xx ended %s after the restart began, %s after pglocal.Start returned (PostgreSQL ready): %s",
		first.end.Sub(restartAt).Round(time.Millisecond), recovery.Round(time.Millisecond), first)
	t.Logf("started before the recovery and ended after the restart began: %d requests: %s", len(gap), tally(gap))
	t.Logf("after the recovery: %d requests: %s; max latency %s", len(after), tally(after), maxLatency(after).Round(time.Millisecond))

	checkOutageWrites(t, pg.srv.DSN("hubd"), calls, targets, nil)
	if t.Failed() {
		t.Logf("hubd errors:\n%s", errorLines(p.stderr.String()))
	}
}
