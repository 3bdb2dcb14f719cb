package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
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
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-outage-test-*")
	pg := startOutageCluster(t, filepath.Join(root, "postgres"))
	admin, err := sql.Open("postgres", pg.srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE hubd`); err != nil {
		t.Fatal(err)
	}
	admin.Close()

	env := hubdEnv(
		"HUBD_DATABASE_URL="+pg.srv.DSN("hubd"),
		"HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_RATE_LIMIT=0",
		"HUBD_DATA_DIR="+filepath.Join(root, "data"),
		"HUBD_JWT_SECRET=outage-test-secret-0123456789abcdefghijklmnop",
	)
	p := startServe(t, bin, root, env) // after the cluster: its cleanup kills hubd before PostgreSQL stops
	waitReady(t, p.url, 90*time.Second)
	bearer := strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", "MASTER"))
	api := p.url + "/api/v1/hubs"
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * outageWorkers}}

	var seeded page
	get(t, api+"?size=100", bearer, &seeded)
	if seeded.Page.TotalElements != 17 {
		t.Fatalf("hubd seeded %d hubs on its first start, want 17", seeded.Page.TotalElements)
	}
	// Each worker patches a hub of its own, so its 200s are the whole story of that hub.
	targets := make([]string, outageWorkers)
	for w := range targets {
		c := outageCall{op: "POST"}.send(client, http.MethodPost, api, bearer, "application/json",
			fmt.Sprintf(`{"hubName":"outage target %d","address":{"address1":"target %d"}}`, w, w))
		if c.status != http.StatusCreated || c.hubID == "" {
			t.Fatalf("create the patch target %d: %s", w, c)
		}
		targets[w] = c.hubID
	}

	// The load: each worker cycles create, search, patch at a steady pace until told to stop,
	// its call budget is spent, or two minutes have passed.
	var log outageLog
	stopLoad := make(chan struct{})
	var wg sync.WaitGroup
	loadStart := time.Now()
	for w := range outageWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(outagePace)
			defer tick.Stop()
			hardStop := time.After(2 * time.Minute)
			for i := range outageMaxCalls {
				select {
				case <-stopLoad:
					return
				case <-hardStop:
					return
				case <-tick.C:
				}
				c := outageCall{worker: w, seq: i}
				switch i % 3 {
				case 0:
					c.op, c.name = "POST", fmt.Sprintf("outage w%d c%04d", w, i)
					c = c.send(client, http.MethodPost, api, bearer, "application/json",
						fmt.Sprintf(`{"hubName":%q,"address":{"address1":"load %d"}}`, c.name, i))
				case 1:
					c.op = "GET"
					c = c.send(client, http.MethodGet, api+"?"+url.Values{
						"hubName": {fmt.Sprintf("outage w%d", w)}, "sort": {"hubName"}, "size": {"5"}}.Encode(), bearer, "", "")
				case 2:
					c.op, c.target, c.mark = "PATCH", targets[w], fmt.Sprintf("w%d p%04d", w, i)
					c = c.send(client, http.MethodPatch, api+"/"+c.target, bearer, "application/merge-patch+json",
						fmt.Sprintf(`{"address":{"address2":%q}}`, c.mark))
				}
				log.add(c)
			}
		}()
	}
	endLoad := func() {
		select {
		case <-stopLoad:
		default:
			close(stopLoad)
		}
		wg.Wait()
	}
	t.Cleanup(endLoad)

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
	for _, op := range []string{"POST", "GET", "PATCH"} {
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

	checkOutageWrites(t, pg.srv.DSN("hubd"), calls, targets)
	if t.Failed() {
		t.Logf("hubd errors:\n%s", errorLines(p.stderr.String()))
	}
}

// checkOutageWrites compares the database with what the clients were told: a direct
// connection, hubd stopped, PostgreSQL running.
func checkOutageWrites(t *testing.T, dsn string, calls []outageCall, targets []string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	created, failedCreates := 0, 0
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
			if err := db.QueryRow(`SELECT count(*) FROM hub_events WHERE hub_id = $1 AND event_type = 'hub.created'`,
				c.hubID).Scan(&events); err != nil || events != 1 {
				t.Errorf("a create that answered 201 has %d hub.created events (%v), want 1: %s", events, err, c)
			}
			continue
		}
		failedCreates++
		if err := db.QueryRow(`SELECT count(*) FROM hubs WHERE hub_name = $1`, c.name).Scan(&n); err != nil || n != 0 {
			t.Errorf("a create that did not answer 2xx left %d hubs named %q (%v): %s", n, c.name, err, c)
		}
		if err := db.QueryRow(`SELECT count(*) FROM hub_events WHERE payload->>'hub_name' = $1`, c.name).Scan(&events); err != nil || events != 0 {
			t.Errorf("a create that did not answer 2xx left %d events naming %q (%v): %s", events, c.name, err, c)
		}
	}

	patched := 0
	var perTarget []string
	for w, target := range targets {
		var marks []string // of the 200s, in order: one worker patches its target one at a time
		for _, c := range calls {
			if c.op == "PATCH" && c.target == target && c.status == http.StatusOK {
				marks = append(marks, c.mark)
			}
		}
		patched += len(marks)
		var version int64
		var address2 string
		if err := db.QueryRow(`SELECT version, address2 FROM hubs WHERE hub_id = $1`, target).Scan(&version, &address2); err != nil {
			t.Errorf("patch target %d (%s): %v", w, target, err)
			continue
		}
		rows, err := db.Query(`SELECT hub_version, payload->>'address2' FROM hub_events
			WHERE hub_id = $1 AND event_type = 'hub.updated' ORDER BY seq`, target)
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
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if want := int64(1 + len(marks)); version != want {
			t.Errorf("patch target %d: version %d, want 1 + %d PATCHes that answered 200 = %d", w, version, len(marks), want)
		}
		if fmt.Sprint(evMarks) != fmt.Sprint(marks) {
			t.Errorf("patch target %d: hub.updated events carry marks %q, want those of the 200s, in order: %q", w, evMarks, marks)
		}
		for i, v := range evVersions {
			if v != int64(i+2) {
				t.Errorf("patch target %d: hub.updated event %d has version %d, want %d", w, i, v, i+2)
				break
			}
		}
		if len(marks) > 0 && address2 != marks[len(marks)-1] {
			t.Errorf("patch target %d: address2 %q, want the last 200's mark %q", w, address2, marks[len(marks)-1])
		}
		perTarget = append(perTarget, fmt.Sprintf("%d (version %d)", len(marks), version))
	}

	var hubs, events int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM hubs), (SELECT count(*) FROM hub_events)`).Scan(&hubs, &events); err != nil {
		t.Fatal(err)
	}
	if want := 17 + len(targets) + created; hubs != want {
		t.Errorf("the table holds %d hubs, want 17 seeded + %d targets + %d created = %d", hubs, len(targets), created, want)
	}
	if want := 17 + len(targets) + created + patched; events != want {
		t.Errorf("hub_events holds %d events, want one per seeded, target and created hub and per 200 PATCH = %d", events, want)
	}
	t.Logf("writes checked: %d creates answered 201, each in the table by hubId and name with one hub.created event; "+
		"%d creates did not answer 2xx and left no hub and no event; %d PATCHes answered 200 (per hub: %s), "+
		"each hub's version = 1 + its 200s and its hub.updated events = its 200s' marks in order; totals: %d hubs, %d events",
		created, failedCreates, patched, strings.Join(perTarget, ", "), hubs, events)
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
