package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// Fixtures: every test's made-up data is here.

// durations makes n durations of unit each, 1×unit to n×unit, in the order of from (1 or n first).
func durations(n int, unit time.Duration, descending bool) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	if descending {
		slices.Reverse(out)
	}
	return out
}

// ms makes durations of these milliseconds.
func msList(ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * time.Millisecond
	}
	return out
}

// series makes one memory sample a second for n seconds with rss(t) in MB.
func series(n int, rss func(t float64) float64) []memSample {
	var out []memSample
	for i := range n {
		out = append(out, memSample{T: float64(i), RSSkB: int64(rss(float64(i)) * 1024)})
	}
	return out
}

// testData is the soak's request parameters, as if picked from a seeded database.
func testData() *data {
	return &data{sample: sample{liveIDs: []string{"0190e5f4-0000-7000-8000-000000000001"}, managers: []string{"0190e5f4-0000-7000-8000-0000000000aa"}},
		prefixes: []string{"서", "Se", "부산"}, texts: []string{"울특별"}, livePages: 900, deletedPages: 100}
}

// benchReportOf is a bench report of made-up scenarios with the CPU of issue 10's figures.
func benchReportOf() *benchReport {
	cpu := func(hubd, pg float64) *cpuUse {
		return &cpuUse{HubdMsPerReq: hubd, PostgresMsPerReq: pg, Hubd: 1, Postgres: 0.5}
	}
	r := &benchReport{header: &header{}}
	r.Scenarios = []scenarioResult{
		{Key: "c", Name: "(c) manager filter, page 0", loadTotals: loadTotals{Latency: latency{N: 100, P50ms: 8}}, CPU: cpu(0.88, 0.4),
			Pgbench: &pgbenchResult{TPS: 6878, PostgresMsPerTx: 0.24}, Ratio: 0.26},
		{Key: "f-page0", Name: "(f) page 0, count=none", loadTotals: loadTotals{Latency: latency{N: 100, P50ms: 7}}, CPU: cpu(0.77, 0.39)},
		{Key: "f-cursor", Name: "(f) cursor at page 40000, count=none", loadTotals: loadTotals{Latency: latency{N: 100, P50ms: 7.5}}, CPU: cpu(0.3, 0.4)},
	}
	r.PeakRSSMB, r.VmHWMMB = 18, 19
	return r
}

// checkQuery holds a query to what the service accepts: known parameters, each once, valid
// values, and never cursor with page.
func checkQuery(t *testing.T, q url.Values, d *data) {
	t.Helper()
	known := map[string]bool{"hubName": true, "hubManagerId": true, "isDeleted": true, "page": true, "size": true,
		"sort": true, "q": true, "count": true, "cursor": true}
	for k, v := range q {
		if !known[k] || len(v) != 1 {
			t.Errorf("%s: parameter %s = %q", q.Encode(), k, v)
		}
	}
	if q.Has("cursor") && q.Has("page") {
		t.Errorf("%s: cursor with page is a 400", q.Encode())
	}
	if p := q.Get("page"); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n >= max(d.livePages, 1) {
			t.Errorf("%s: page", q.Encode())
		}
	}
	if s := q.Get("size"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 100 {
			t.Errorf("%s: size", q.Encode())
		}
	}
	switch q.Get("count") {
	case "", "exact", "estimated", "none":
	default:
		t.Errorf("%s: count", q.Encode())
	}
}

// The shared part: flags, /proc, latencies, the HTTP engine.

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"bench"}, io.Discard)
	if err != nil || o.Hubs != 1_000_000 || o.Duration != 10*time.Second || o.Warmup != 2*time.Second || o.Concurrency != 16 || o.Only != nil {
		t.Errorf("bench defaults %+v, %v", o, err)
	}
	if o, err = parseFlags([]string{"soak"}, io.Discard); err != nil || o.Duration != 3*time.Minute || o.Rate != 200 ||
		o.Warmup != 10*time.Second || o.Seed == 0 || o.Hubs != 20_000 {
		t.Errorf("soak defaults %+v, %v", o, err)
	}
	// The shortest soak: thirds of 10 s hold 3 samples a second apart each.
	if o, err := parseFlags([]string{"soak", "-hubs", "1000", "-duration", "10s", "-warmup", "2s", "-rate", "100"}, io.Discard); err != nil ||
		o.Duration != 10*time.Second || o.Rate != 100 || o.Hubs != 1000 {
		t.Errorf("a short soak: %+v, %v", o, err)
	}
	for _, args := range [][]string{nil, {"x"}, {"bench", "-concurrency", "0"}, {"bench", "x"}, {"bench", "-hubs", "999"},
		{"bench", "-duration", "0s"}, {"bench", "-warmup", "-1s"}, {"bench", "-rate", "10"}, {"soak", "-rate", "0"},
		{"soak", "-duration", "9s"}, {"soak", "-warmup", "2m"}, {"soak", "x"}, {"soak", "-concurrency", "4"}, {"soak", "-scenarios", "a"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

// TestParseFlagsProfiling: -keep, -perf and -serve-env (repeatable, NAME=VALUE) are the
// bench's, for profiling runs that reuse one seeded database.
func TestParseFlagsProfiling(t *testing.T) {
	o, err := parseFlags([]string{"bench", "-keep", "/k/pg", "-perf", "/k/perf", "-serve-env", "GOGC=200", "-serve-env", "GOMAXPROCS=1"}, io.Discard)
	if err != nil || o.Keep != "/k/pg" || o.Perf != "/k/perf" || !slices.Equal(o.ServeEnv, []string{"GOGC=200", "GOMAXPROCS=1"}) {
		t.Errorf("%+v, %v", o, err)
	}
	for _, args := range [][]string{{"bench", "-serve-env", "GOGC"}, {"soak", "-keep", "/k"}, {"soak", "-perf", "/k"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

func TestParseFlagsScenarios(t *testing.T) {
	o, err := parseFlags([]string{"bench", "-scenarios", "b, c,depth"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !o.wants("b") || !o.wants("c") || !o.wants("depth") || o.wants("a") {
		t.Errorf("wants %v", o.Only)
	}
	if o, _ := parseFlags([]string{"bench"}, io.Discard); !o.wants("f-cursor") || !o.wants("depth") {
		t.Error("all scenarios are not the default")
	}
	if _, err := parseFlags([]string{"bench", "-scenarios", "b,x"}, io.Discard); err == nil {
		t.Error("unknown scenario accepted")
	}
}

func TestEnvironAndReportDir(t *testing.T) {
	t.Setenv("HUBD_HTTP_ADDR", "0.0.0.0:80")
	env := (&env{dsn: "postgres://x", tmp: "/d", secret: "s3cret"}).environ()
	if slices.Contains(env, "HUBD_HTTP_ADDR=0.0.0.0:80") || !slices.Contains(env, "HUBD_HTTP_ADDR=127.0.0.1:0") ||
		!slices.Contains(env, "HUBD_DATABASE_URL=postgres://x") || !slices.Contains(env, "HUBD_JWT_SECRET=s3cret") ||
		!slices.Contains(env, "HUBD_DATA_DIR=/d/data") || !slices.Contains(env, "HUBD_RATE_LIMIT=0") {
		t.Errorf("environ = %q", env)
	}
	t.Setenv("HUBD_DATA_DIR", "/tmp/x")
	if got := reportDir("soak"); got != "/tmp/x/soak" {
		t.Errorf("reportDir = %q", got)
	}
	t.Setenv("HUBD_DATA_DIR", "")
	if got := reportDir("bench"); got != ".hubd/bench" {
		t.Errorf("reportDir = %q", got)
	}
}

func TestParseStat(t *testing.T) {
	for _, c := range []struct {
		stat string
		want procStat
	}{
		{"4242 (postgres: bench (x) idle) S 4100 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0 100 0 0\n",
			procStat{ppid: 4100, own: 3250 * time.Millisecond}},
		{"4242 (post gres) (x)) S 4200 4242 4242 0 -1 4194560 500 0 0 0 150 50 30 20 20 0 1 0 100 0 0",
			procStat{ppid: 4200, own: 2 * time.Second, reaped: 500 * time.Millisecond}},
	} {
		if st, err := parseStat(c.stat); err != nil || st != c.want {
			t.Errorf("parseStat(%q) = %+v, %v; want %+v", c.stat, st, err, c.want)
		}
	}
	for _, bad := range []string{"4242 no parens", "4242 (x) S 1", "4242 (x) S 1 2 3 4 5 6 7 8 9 10 x 75 0 0 20"} {
		if _, err := parseStat(bad); err == nil {
			t.Errorf("parseStat(%q) accepted", bad)
		}
	}
}

func TestReadingThisProcess(t *testing.T) {
	st, err := readStat(os.Getpid())
	if err != nil || st.ppid != os.Getppid() {
		t.Errorf("readStat(self) = %+v, %v; want ppid %d", st, err, os.Getppid())
	}
	s := (&env{}).cpuNow() // no hubd, no PostgreSQL yet
	if s.self <= 0 || s.hubd != 0 || s.postgres != 0 || postgresCPU(0) != 0 {
		t.Errorf("cpuNow = %+v: this process must count, an unreadable one as zero", s)
	}
	stop := watchMemory(os.Getpid(), time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	samples := stop()
	if len(samples) < 2 || samples[0].RSSkB <= 0 || samples[0].HWMkB < samples[0].RSSkB {
		t.Errorf("memory samples of this process %+v", samples)
	}
	if again := stop(); len(again) != len(samples) {
		t.Error("stop sampled again after stopping")
	}
}

func TestParseMachineBusy(t *testing.T) {
	// user nice system idle iowait irq softirq steal: all but idle and iowait, in ticks.
	if got := parseMachineBusy("cpu  100 20 30 5000 70 1 2 3 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"); got != 1560*time.Millisecond {
		t.Errorf("busy = %v, want 1.56s", got)
	}
	for _, bad := range []string{"", "cpu 1 2 3", "intr 1 2 3 4 5 6 7 8 9"} {
		if got := parseMachineBusy(bad); got != 0 {
			t.Errorf("parseMachineBusy(%q) = %v", bad, got)
		}
	}
}

func TestParseStatus(t *testing.T) {
	st, err := parseStatus("Name:\thubd\nVmHWM:\t   81234 kB\nVmRSS:\t   40960 kB\nThreads:\t9\n")
	if err != nil || st.HWMkB != 81234 || st.RSSkB != 40960 {
		t.Errorf("parseStatus = %+v, %v", st, err)
	}
	if mb(40960) != 40 || mb(31744) != 31 {
		t.Errorf("mb(40960) = %v", mb(40960))
	}
	if _, err := parseStatus("Name:\thubd\nState:\tZ (zombie)\n"); err == nil {
		t.Error("a status without VmRSS must be an error")
	}
	if _, err := parseStatus("VmRSS:\t   x kB\n"); err == nil {
		t.Error("a malformed VmRSS must be an error")
	}
}

func TestCPUBetween(t *testing.T) {
	at := time.Unix(0, 0)
	to := cpuSample{at: at.Add(10 * time.Second), self: 2 * time.Second, hubd: 5 * time.Second, postgres: 4 * time.Second, busy: 15 * time.Second}
	if u := cpuBetween(cpuSample{at: at}, to, 0, 2); u != (cpuUse{LoadGen: 0.2, Hubd: 0.5, Postgres: 0.4, Other: 0.4, Idle: 0.5}) {
		t.Errorf("cpuBetween = %+v", u)
	}
	u := cpuBetween(cpuSample{at: at}, to, 4000, 2)
	if u.LoadGenMsPerReq != 0.5 || u.HubdMsPerReq != 1.25 || u.PostgresMsPerReq != 1 || u.Hubd != 0.5 {
		t.Errorf("per request %+v", u)
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	hundred, thousand := durations(100, time.Millisecond, false), durations(1000, time.Microsecond, false)
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"empty p99", nil, 99, 0},
		{"one", msList(7), 50, 7 * time.Millisecond},
		{"one p99", msList(7), 99, 7 * time.Millisecond},
		{"p50 of even", msList(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p50 of odd", msList(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"p99 of 100 is the 99th", hundred, 99, 99 * time.Millisecond},
		{"p90 of 100 is the 90th", hundred, 90, 90 * time.Millisecond},
		{"p50 of 100 is the 50th", hundred, 50, 50 * time.Millisecond},
		{"p100 is the max", hundred, 100, 100 * time.Millisecond},
		{"p0.1 of 100 is the min", hundred, 0.1, time.Millisecond},
		{"p99 of 1000 is the 990th", thousand, 99, 990 * time.Microsecond},
		{"p99 of 10 is the max", msList(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	}
	for _, c := range cases {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: percentile(p%v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
	for _, c := range []struct {
		xs   []int64
		want int64
	}{{[]int64{1, 3, 5}, 3}, {[]int64{1, 2, 3, 4}, 2}} { // the memory check's median: the lower middle
		if got := percentile(c.xs, 50); got != c.want {
			t.Errorf("p50 of %v = %d, want %d", c.xs, got, c.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	if l := summarize(durations(1000, time.Microsecond, true)); l.N != 1000 || l.P99ms != 0.99 || l.P50ms != 0.5 || l.MaxMs != 1 {
		t.Errorf("summarize = %+v", l) // it sorts: the durations come largest first
	}
	if l := summarize([]time.Duration{1234567}); l.P50ms != 1.23 || l.P90ms != 1.23 {
		t.Errorf("summarize(1.234567ms) = %+v, want 1.23 ms (rounded to 0.01)", l)
	}
}

func TestRecorderTotals(t *testing.T) {
	rec := newRecorder()
	rec.request("get", 2*time.Millisecond, true, "", nil)
	rec.request("get", 4*time.Millisecond, true, "500", errors.New("GET /x: 500"))
	rec.request("create", time.Millisecond, false, "transport", errors.New("POST: refused"))
	rec.started(time.Millisecond, false)
	rec.started(time.Second, true)
	rec.count(&rec.t.NotStarted)
	tot := rec.totals([]string{"search prefix", "get"})
	if tot.Sent != 3 || tot.Completed != 2 || tot.Errors != 2 || tot.LateStarted != 1 || tot.NotStarted != 1 {
		t.Errorf("totals %+v", tot)
	}
	if len(tot.Kinds) != 2 || tot.Kinds[0].Kind != "get" || tot.Kinds[1].Kind != "create" || tot.Kinds[0].Errors != 1 {
		t.Errorf("kinds %+v", tot.Kinds)
	}
	if tot.ErrorKinds["get: 500"] != 1 || tot.ErrorKinds["create: transport"] != 1 || len(tot.ErrorSample) != 2 {
		t.Errorf("error kinds %v, sample %v", tot.ErrorKinds, tot.ErrorSample)
	}
	if tot.Latency.N != 3 || tot.Latency.MaxMs != 4 || tot.StartLag.MaxMs != 1000 {
		t.Errorf("latency %+v, lag %+v", tot.Latency, tot.StartLag)
	}
	var none *recorder
	none.request("get", time.Millisecond, true, "", nil) // records nowhere, does not panic
}

// send tells every wrong answer apart, and the closed loop counts only what starts after the
// warm-up, errors included.
func TestSendAndClosedLoop(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
		}
		switch r.URL.Path {
		case "/page":
			_, _ = io.WriteString(w, `{"content":[],"page":{"totalElements":3,"nextCursor":"n"}}`)
		case "/fail":
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	c := newClient(srv.URL, "tok", 4)
	ctx := context.Background()
	var p pageDoc
	if _, err := c.send(ctx, nil, "", request{path: "/page", want: 200, check: checkPage(&p)}); err != nil || *p.Page.TotalElements != 3 || p.Page.NextCursor != "n" {
		t.Errorf("page = %+v, %v", p, err)
	}
	rec := newRecorder()
	for _, q := range []request{{path: "/fail", want: 200}, {path: "/other", want: 200, check: checkPage(nil)},
		{path: "/page", want: 201}, {path: "/page", want: 200}} {
		_, _ = c.send(ctx, rec, "x", q)
	}
	dead := newClient("http://127.0.0.1:1", "tok", 1)
	_, _ = dead.send(ctx, rec, "x", request{path: "/", want: 200})
	tot := rec.totals(nil)
	want := map[string]int{"x: 500": 1, "x: bad answer": 1, "x: 200": 1, "x: transport": 1}
	if tot.Sent != 5 || tot.Completed != 4 || tot.Errors != 4 || !maps.Equal(tot.ErrorKinds, want) {
		t.Errorf("totals %+v, want errors %v", tot, want)
	}

	requests.Store(0)
	loop := c.closedLoop(ctx, 2, 100*time.Millisecond, 100*time.Millisecond, func(w, seq int) string {
		return []string{"/page", "/fail"}[w]
	}).totals(nil)
	if loop.Sent == 0 || int64(loop.Sent) >= requests.Load() || loop.Errors == 0 || loop.Errors >= loop.Sent ||
		loop.ErrorKinds["500"] != loop.Errors {
		t.Errorf("closed loop %+v of %d requests: the warm-up must not count, the measured 500s must", loop, requests.Load())
	}
}

// TestMain gives the tests that read hubs a migrated PostgreSQL of their own (pgtest).
func TestMain(m *testing.M) { pgtest.Main(m) }

// The parameters both modes pick, and the soak's check of the hubs it created, on the data the
// runs load (hubd seed --synthetic).
func TestOnSyntheticHubs(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("postgres", pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := seed.Synthetic(ctx, db, 3000, seed.SyntheticOptions{}); err != nil {
		t.Fatal(err)
	}
	count := func(query string, args ...any) (n int64) {
		t.Helper()
		if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	live := count("SELECT count(*) FROM hubs WHERE NOT is_deleted")
	p := pickParams(ctx, db)
	if p.LiveHubs != live || p.DeepPage != int((live-1)/20-1) || len(p.HubIDs) != 2000 {
		t.Fatalf("pickParams = %+v (live %d)", p, live)
	}
	// The fixed prefix is one the generator makes: about 0.4% of the hubs, counted as the search matches.
	if n := count("SELECT count(*) FROM hubs WHERE NOT is_deleted AND lower(hub_name) LIKE lower($1)", namePrefix+" %"); n != p.PrefixMatches ||
		n < live/1000 || n > live/100 {
		t.Errorf("prefix %q matches %d of %d live hubs, counted as %d", namePrefix, n, live, p.PrefixMatches)
	}
	perManager := `SELECT count(*) FROM (SELECT count(*) n FROM hubs WHERE NOT is_deleted AND hub_manager_id IS NOT NULL
		GROUP BY hub_manager_id) m WHERE n %s $1`
	fewer, more := count(fmt.Sprintf(perManager, "<"), p.ManagerHubs), count(fmt.Sprintf(perManager, ">"), p.ManagerHubs)
	if p.ManagerHubs < 1 || p.Managers < 2 || fewer > int64(p.Managers)/2 || more > int64(p.Managers)/2 {
		t.Errorf("manager %s with %d hubs is not the median of %d: %d have fewer, %d more", p.ManagerID, p.ManagerHubs, p.Managers, fewer, more)
	}
	s := sampleHubs(ctx, db)
	if s.live != live || len(s.liveIDs) != 2000 || len(s.names) != 300 || len(s.managers) != p.Managers ||
		s.deleted != count("SELECT count(*) FROM hubs WHERE is_deleted") {
		t.Fatalf("sampleHubs = %+v", s)
	}
	if d := newData(rand.New(rand.NewPCG(1, 2)), s); len(d.prefixes) == 0 || len(d.texts) == 0 || d.livePages != int(live+19)/20 {
		t.Errorf("newData = %+v", d)
	}

	hubAt := func(deleted bool, n int) (id string, version int64) {
		t.Helper()
		if err := db.QueryRowContext(ctx, "SELECT hub_id::text, version FROM hubs WHERE is_deleted = $1 ORDER BY hub_id OFFSET $2 LIMIT 1",
			deleted, n).Scan(&id, &version); err != nil {
			t.Fatal(err)
		}
		return id, version
	}
	var want []createdHub
	right, v := hubAt(false, 0)
	want = append(want, createdHub{right, v})
	off, v := hubAt(false, 1)
	want = append(want, createdHub{off, v + 1}) // the last answer said another version
	gone, v := hubAt(true, 0)
	want = append(want, createdHub{gone, v}, // deleted, though the soak restores every hub it deletes
		createdHub{"0190e5f4-0000-7000-8000-00000000dead", 1}) // answered 201, never stored
	res, err := checkCreated(ctx, db, want, 1)
	if err != nil || res.Checked != 4 || res.Skipped != 1 || res.Missing != 1 || res.Wrong != 2 || len(res.Problems) != 3 {
		t.Errorf("checkCreated = %+v, want 4 checked, 1 skipped, 1 missing, 2 wrong", res)
	}
	for _, id := range []string{off, gone, "00000000dead"} {
		if !strings.Contains(strings.Join(res.Problems, "\n"), id) {
			t.Errorf("no problem names %s: %q", id, res.Problems)
		}
	}
}

// The bench.

func TestPgbenchScriptNumbersVariablesAcrossStatements(t *testing.T) {
	args := make([]any, 11)
	for i := range args {
		args[i] = i + 1
	}
	args[0] = "서울%"
	script, vars, err := pgbenchScript([]postgres.Statement{
		{SQL: "SELECT $1, $10, $11, $2::text FROM t WHERE a = $1", Args: args},
		{SQL: "SELECT count(*) FROM t WHERE a = lower($1) LIMIT $2", Args: []any{"x", int64(10001)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT :p1, :p10, :p11, :p2::text FROM t WHERE a = :p1;\n" +
		"SELECT count(*) FROM t WHERE a = lower(:p12) LIMIT :p13;\n"
	if script != want {
		t.Errorf("script\n%s\nwant\n%s", script, want)
	}
	wantVars := []string{"p1=서울%", "p2=2", "p3=3", "p4=4", "p5=5", "p6=6", "p7=7", "p8=8", "p9=9", "p10=10", "p11=11", "p12=x", "p13=10001"}
	if !slices.Equal(vars, wantVars) {
		t.Errorf("vars %q, want %q", vars, wantVars)
	}
}

func TestPgbenchScriptRefusesWhatItCannotRender(t *testing.T) {
	for _, st := range []postgres.Statement{
		{SQL: "SELECT $2", Args: []any{1}},
		{SQL: "SELECT $0", Args: []any{1}},
		{SQL: "SELECT 1; SELECT 2"},
		{SQL: "SELECT $1", Args: []any{struct{}{}}},
	} {
		if _, _, err := pgbenchScript([]postgres.Statement{st}); err == nil {
			t.Errorf("%q %v rendered", st.SQL, st.Args)
		}
	}
}

// The statements the repository really builds render: every placeholder becomes a variable and
// every argument a -D value.
func TestPgbenchScriptOfRealSearchStatements(t *testing.T) {
	content, count, err := hubstore.SearchStatements(hub.SearchCondition{NamePrefix: "서울_1"},
		paging.Pageable{Page: 3, Size: 20, Sort: paging.Sort{{Property: hub.SortByName}}})
	if err != nil {
		t.Fatal(err)
	}
	script, vars, err := pgbenchScript([]postgres.Statement{content, count})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(script, "$") || len(vars) != len(content.Args)+len(count.Args) {
		t.Errorf("script %q with vars %q", script, vars)
	}
	if !slices.Contains(vars, `p1=서울\_1%`) {
		t.Errorf("vars %q lack the escaped prefix", vars)
	}
	if n := strings.Count(script, ";\n"); n != 2 {
		t.Errorf("%d statements in %q", n, script)
	}
}

func TestParsePgbench(t *testing.T) {
	out := `transaction type: q.sql
scaling factor: 1
number of clients: 16
number of transactions actually processed: 12345
number of failed transactions: 0 (0.000%)
latency average = 12.961 ms
initial connection time = 20.123 ms
tps = 1234.567890 (without initial connection time)
`
	r := pgbenchResult{}
	if err := parsePgbench(out, &r); err != nil {
		t.Fatal(err)
	}
	if r.TPS != 1234.56789 || r.LatencyAvgMs != 12.961 || r.Transactions != 12345 {
		t.Errorf("parsed %+v", r)
	}
	if err := parsePgbench(strings.Replace(out, "failed transactions: 0", "failed transactions: 3", 1), &r); err == nil {
		t.Error("failed transactions went unnoticed")
	}
	if err := parsePgbench("pgbench: error: connection refused", &r); err == nil {
		t.Error("no tps went unnoticed")
	}
}

func TestDepthsUpTo(t *testing.T) {
	if got := depthsUpTo(40000); !slices.Equal(got, []int{0, 100, 1000, 10000, 40000}) {
		t.Errorf("depthsUpTo(40000) = %v", got)
	}
	if got := depthsUpTo(2249); !slices.Equal(got, []int{0, 100, 1000, 2249}) {
		t.Errorf("depthsUpTo(2249) = %v", got)
	}
}

// The CPU table has hubd's CPU per request over PostgreSQL's as a column, and the targets say
// whether it is at most 1 for (c) and (f) page 0 (issue 10).
func TestBenchReportHasTheCPURatio(t *testing.T) {
	r := benchReportOf()
	r.Targets = judgeBench(r)
	var out bytes.Buffer
	r.print(&out)
	for _, want := range []string{
		"| scenario | load generator | hubd | PostgreSQL | hubd/PostgreSQL | other |",
		"| (c) manager filter, page 0 | 0.000 (0.00) | 0.880 (1.00) | 0.400 (0.50) | 2.20 | 0.00 | 0.240 (0.00) |",
		"| (f) cursor at page 40000, count=none | 0.000 (0.00) | 0.300 (1.00) | 0.400 (0.50) | 0.75 |",
		"- MISS (c), (f) page 0: hubd CPU per request <= PostgreSQL's: (c) manager filter 0.880 / 0.400 ms = 2.20; (f) page 0 0.770 / 0.390 ms = 1.97\n",
		"- MISS (c) service/pgbench >= 0.5: 0 req/s / 6878 tps = 0.26\n",
		"- n/a (b) service/pgbench >= 0.5: not measured\n",
		"- n/a (j) service/pgbench >= 0.5: not measured\n",
		"- PASS (f) cursor p50 <= 1.5 x page-0 p50: cursor at page 0 7.50 ms / page 0 7.00 ms = 1.07x\n",
		"- PASS peak hubd RSS <= 100 MB: VmHWM 19.0 MB, largest sampled VmRSS 18.0 MB",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	for i := range r.Scenarios[:2] {
		r.Scenarios[i].CPU.HubdMsPerReq = 0.3
	}
	if got := judgeBench(r)[6]; got.Status != "PASS" {
		t.Errorf("hubd below PostgreSQL: %+v", got)
	}
	r.Scenarios = r.Scenarios[2:]
	if got := judgeBench(r)[6]; got.Status != "n/a" {
		t.Errorf("neither (c) nor (f) page 0 measured: %+v", got)
	}
}

// The soak.

func TestJudgeMemory(t *testing.T) {
	d, warm := 180*time.Second, 10*time.Second
	cases := []struct {
		name    string
		rss     func(float64) float64
		growing bool
	}{
		{"flat", func(float64) float64 { return 30 }, false},
		{"warm-up then flat", func(t float64) float64 { return 20 + math.Min(t, 40)/4 }, false},
		{"noisy within slack", func(t float64) float64 { return 30 + float64(int(t)%7) }, false},
		{"slow growth under the limit", func(t float64) float64 { return 30 + t/60 }, false},
		{"steady leak", func(t float64) float64 { return 30 + t/3 }, true},
		{"jump in the last third", func(t float64) float64 { return 30 + 20*math.Max(0, math.Copysign(1, t-125)) }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := judgeMemory(series(181, c.rss), d, warm)
			if r.Growing != c.growing || r.Problem != "" {
				t.Errorf("growing = %v (%s), want %v: middle %.1f, last %.1f, limit %.1f", r.Growing, r.Problem, c.growing,
					r.MiddleMedianMB, r.LastMedianMB, r.LimitMB)
			}
		})
	}
	r := judgeMemory(series(181, func(t float64) float64 { return 10 + t }), d, warm)
	if r.StartMB != 20 || r.EndMB != 190 || r.MaxMB != 190 {
		t.Errorf("start %.1f end %.1f max %.1f, want 20 190 190", r.StartMB, r.EndMB, r.MaxMB)
	}
	if r.MiddleMedianMB != 10+89.0 || r.LastMedianMB != 10+150 { // samples 60..119 and 120..180
		t.Errorf("medians %.1f %.1f", r.MiddleMedianMB, r.LastMedianMB)
	}
	if r.LimitMB != math.Round((99*1.2+5)*10)/10 {
		t.Errorf("limit %.1f", r.LimitMB)
	}
	if r := judgeMemory(nil, d, warm); !r.Growing || r.Problem == "" {
		t.Error("no samples must fail the check")
	}
	if r := judgeMemory(series(20, func(float64) float64 { return 30 }), d, warm); !r.Growing || r.Problem == "" {
		t.Error("a run cut short must fail the check, not pass it")
	}
}

func TestMixDistribution(t *testing.T) {
	total := 0
	for _, o := range soakMix {
		total += o.weight
	}
	if total != 100 {
		t.Fatalf("weights add up to %d, want 100 (they are percentages)", total)
	}
	r := rand.New(rand.NewPCG(42, 0))
	const n = 200_000
	got := make([]int, len(soakMix))
	for range n {
		got[pickOp(r, soakMix)]++
	}
	groups := map[string]int{}
	for i, o := range soakMix {
		if share := 100 * float64(got[i]) / n; math.Abs(share-float64(o.weight)) > 0.5 {
			t.Errorf("%s: %.2f%%, want %d%%", o.name, share, o.weight)
		}
		groups[strings.Fields(o.name)[0]] += got[i]
	}
	for name, want := range map[string]float64{"search": 60, "get": 20, "create": 10, "patch": 8, "delete+restore": 2} {
		if share := 100 * float64(groups[name]) / n; math.Abs(share-want) > 0.5 {
			t.Errorf("%s: %.2f%%, want %v%%", name, share, want)
		}
	}
}

func TestMixIsReproducible(t *testing.T) {
	a, b := rand.New(rand.NewPCG(7, 0)), rand.New(rand.NewPCG(7, 0))
	for i := range 1000 {
		if x, y := pickOp(a, soakMix), pickOp(b, soakMix); x != y {
			t.Fatalf("pick %d: %v and %v from the same seed", i, x, y)
		}
	}
}

func TestSearchQueries(t *testing.T) {
	d, r := testData(), rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for _, o := range soakMix {
		if o.query == nil {
			continue
		}
		for range 500 {
			q := o.query(r, d)
			checkQuery(t, q, d)
			seen[q.Get("count")] = true
			if o.name == "search deleted" && q.Get("isDeleted") != "true" {
				t.Errorf("%v: %s", o.name, q.Encode())
			}
		}
	}
	if len(seen) != 4 {
		t.Errorf("count modes used: %v, want all four (absent, exact, estimated, none)", seen)
	}
	for range 500 {
		base := cursorBase(r, d)
		if base.Has("page") || base.Has("cursor") || base.Has("count") {
			t.Errorf("cursor base %s", base.Encode())
		}
		q := cursorQuery(r, base, "abc")
		checkQuery(t, q, d)
		if q.Get("cursor") != "abc" || q.Get("sort") != base.Get("sort") || q.Get("hubName") != base.Get("hubName") {
			t.Errorf("cursor query %s does not continue %s", q.Encode(), base.Encode())
		}
		if base.Get("x") != "" || len(base) > 2 || base.Has("size") {
			t.Errorf("cursorQuery changed its base: %s", base.Encode())
		}
	}
}

func TestBodies(t *testing.T) {
	d, r := testData(), rand.New(rand.NewPCG(3, 4))
	names := map[string]bool{}
	for n := int64(1); n <= 2000; n++ {
		var h struct {
			HubName string `json:"hubName"`
			Address struct {
				ZipCode, Address1 string
			} `json:"address"`
			Location *struct{ Latitude, Longitude float64 } `json:"location"`
		}
		if err := json.Unmarshal(createBody(r, "a1b2c3", n, d), &h); err != nil {
			t.Fatal(err)
		}
		if l := utf8.RuneCountInString(h.HubName); l < 1 || l > 100 || names[strings.ToLower(h.HubName)] {
			t.Fatalf("name %q: too long, or not unique", h.HubName)
		}
		names[strings.ToLower(h.HubName)] = true
		if h.Address.Address1 == "" || len(h.Address.ZipCode) > 10 {
			t.Fatalf("address %+v", h.Address)
		}
		if l := h.Location; l != nil && (math.Abs(l.Latitude) > 90 || math.Abs(l.Longitude) > 180 || l.Latitude == 0) {
			t.Fatalf("location %+v", l)
		}
		var p map[string]json.RawMessage
		if err := json.Unmarshal(patchBody(r, "a1b2c3", n+1_000_000, d), &p); err != nil || len(p) == 0 {
			t.Fatalf("patch: %v %v", p, err)
		}
		if raw, ok := p["hubName"]; ok && (string(raw) == "null" || names[strings.ToLower(strings.Trim(string(raw), `"`))]) {
			t.Fatalf("patch name %s: null or taken", raw)
		}
		for _, f := range []string{"address", "location"} {
			if string(p[f]) == "null" {
				t.Fatalf("patch %s to null is a 400", f)
			}
		}
	}
}

// A worker writes only hubs it created, with the versions the answers gave (the fake service
// refuses a stale If-Match with 412), creates one when it has none, and drops a hub whose change
// failed; it pages on through its cursor chain.
func TestWorkerWrites(t *testing.T) {
	versions, fail := map[string]int64{}, false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, status := strings.TrimPrefix(r.URL.Path, hubsPath+"/"), http.StatusOK
		switch {
		case r.Method == http.MethodGet:
			_, _ = io.WriteString(w, `{"content":[],"page":{"nextCursor":"next"}}`)
			return
		case r.Method == http.MethodPost:
			id, status = fmt.Sprint("hub", len(versions)), http.StatusCreated
		case fail:
			w.WriteHeader(http.StatusInternalServerError)
			return
		case r.Header.Get("If-Match") != "" && r.Header.Get("If-Match") != strconv.Quote(fmt.Sprint(versions[id])):
			w.WriteHeader(http.StatusPreconditionFailed)
			return
		}
		versions[id]++
		w.Header().Set("ETag", strconv.Quote(fmt.Sprint(versions[id])))
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"hubId": id})
	}))
	defer srv.Close()
	ru := &runner{c: newClient(srv.URL, "tok", 1), d: testData(), rec: newRecorder(), runToken: "t"}
	w := &worker{runner: ru, r: rand.New(rand.NewPCG(1, 1))}
	ctx := context.Background()
	w.patch(ctx) // no hub yet: creates one
	for range 20 {
		w.patch(ctx)
	}
	if tot := ru.rec.totals(nil); tot.Errors != 0 || tot.Substituted != 1 || len(w.hubs) != 1 || w.hubs[0].version != versions["hub0"] ||
		versions["hub0"] != 21 || ru.created.Load() != 1 {
		t.Fatalf("hubs %+v (service %v), totals %+v", w.hubs, versions, tot)
	}
	fail = true
	w.patch(ctx)
	if len(w.hubs) != 0 || w.skipped != 1 {
		t.Errorf("a failed change left hubs %+v, skipped %d", w.hubs, w.skipped)
	}
	for range 10 {
		w.cursorPage(ctx)
	}
	if w.cursor != "next" || w.depth < 1 || w.base == nil {
		t.Errorf("cursor chain %v at %q, %d pages in", w.base, w.cursor, w.depth)
	}
}

func TestDueAt(t *testing.T) {
	start := time.Unix(1000, 0)
	if got := dueAt(start, 200, 200).Sub(start); got != time.Second {
		t.Errorf("operation 200 at 200/s is due after %v", got)
	}
	if got := dueAt(start, 1, 3).Sub(start); got != time.Second/3 {
		t.Errorf("operation 1 at 3/s is due after %v", got)
	}
}

func TestFormatting(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 36360: "36,360", 1234567: "1,234,567", -1200: "-1,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q", n, got)
		}
	}
	line := rssLine(series(40, func(t float64) float64 { return 30 }), 15)
	if line != "0s 30.0 · 15s 30.0 · 30s 30.0 · 39s 30.0" {
		t.Errorf("rssLine = %q", line)
	}
}

// The network scenarios' parameters on a seeded network, and pgRouting's baseline on its edges:
// a path between the picked ends, and a matrix row reaching every other vertex (the seed's
// network is connected).
func TestPickNetwork(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("postgres", pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := seed.Synthetic(ctx, db, 600, seed.SyntheticOptions{RoutesPerHub: 3}); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"서울특별시 센터", "부산광역시 센터"} {
		if _, err := db.ExecContext(ctx, `UPDATE hubs SET hub_name = $1, name_key = $2
			WHERE hub_id = (SELECT hub_id FROM hubs WHERE NOT is_deleted ORDER BY hub_id OFFSET $3 LIMIT 1)`, name, names.Key(name), i); err != nil {
			t.Fatal(err)
		}
	}
	var p params
	pickNetwork(ctx, db, &p)
	var routes, vertices int64
	_ = db.QueryRowContext(ctx, "SELECT count(*), count(DISTINCT departure_hub_id) FROM hub_routes WHERE NOT is_deleted").Scan(&routes, &vertices)
	if p.Routes != routes || routes < 2*vertices || p.From == "" || p.From == p.To || p.FromV == p.ToV || p.Seoul == "" || p.Busan == "" {
		t.Fatalf("pickNetwork = %+v; %d routes", p, routes)
	}
	if p.PgRouting != "" {
		t.Fatalf("no pgRouting (make pgrouting installs it): %s", p.PgRouting)
	}
	sc := map[string]benchScenario{}
	for _, s := range scenarios(p) {
		if sc[s.key] = s; !slices.Contains(scenarioKeys, s.key) {
			t.Errorf("-scenarios does not take %q", s.key)
		}
	}
	for _, c := range []struct {
		st   postgres.Statement
		want func(n int64) bool
	}{{sc["h-path"].stmts[0], func(n int64) bool { return n >= 2 }}, {sc["h-row"].stmts[0], func(n int64) bool { return n == vertices-1 }}} {
		var n int64
		if err := db.QueryRowContext(ctx, c.st.SQL, c.st.Args...).Scan(&n); err != nil || !c.want(n) {
			t.Errorf("%s = %d, %v (%d vertices)", c.st.SQL, n, err, vertices)
		}
	}
	if got := sc["h-path"].next(0, 0); got != pathsPath+"?by=distance&from="+p.From+"&to="+p.To || len(sc) != len(scenarioKeys)-1 /* depth */ {
		t.Errorf("path request %s, %d scenarios", got, len(sc))
	}
}

// A path scenario whose endpoint is not routed (the router's 404 NOT_FOUND) is a visible note
// of the report, not a failure; a 404 of the endpoint itself (NO_PATH) is a note that says so.
func TestScenarioOfAMissingEndpointIsANote(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := `{"status":404,"code":"NO_PATH"}`
		if r.URL.Path == pathsPath {
			body = `{"status":404,"code":"NOT_FOUND"}`
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	c, ctx := newClient(srv.URL, "tok", 1), context.Background()
	r := &benchReport{header: &header{}}
	for _, path := range []string{pathsPath, pathsPath + "/matrix"} {
		res := runScenario(ctx, options{}, &env{}, c, params{}, benchScenario{key: "g-km", name: "(g) " + path, next: at(path, url.Values{"by": {"distance"}})})
		if res.Latency.N != 0 || res.Note == "" {
			t.Fatalf("%s: %+v", path, res)
		}
		r.Scenarios = append(r.Scenarios, res)
	}
	var out bytes.Buffer
	r.print(&out)
	for _, want := range []string{"| (g) /api/v1/hub-paths | – | – | – | – | – | – |\n",
		"- (g) /api/v1/hub-paths: not measured: endpoint missing (404)\n", "- (g) /api/v1/hub-paths/matrix: not measured: GET /api/v1/hub-paths/matrix?by=distance: 404"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
