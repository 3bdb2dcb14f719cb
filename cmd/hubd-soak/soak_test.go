package main

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestSummarize: the percentiles themselves are harness's, tested there.
func TestSummarize(t *testing.T) {
	var ds []time.Duration
	for i := 1000; i >= 1; i-- { // summarize sorts
		ds = append(ds, time.Duration(i)*time.Microsecond)
	}
	if l := summarize(ds); l.N != 1000 || l.P99ms != 0.99 || l.P50ms != 0.5 || l.MaxMs != 1 {
		t.Errorf("summarize = %+v", l)
	}
}

// series makes one sample a second for n seconds with rss(t) in MB.
func series(n int, rss func(t float64) float64) []memSample {
	var out []memSample
	for i := range n {
		out = append(out, memSample{T: float64(i), RSSkB: int64(rss(float64(i)) * 1024), FDs: 30, Threads: 9})
	}
	return out
}

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

func TestMedian(t *testing.T) {
	if m := median([]int64{5, 1, 3}); m != 3 {
		t.Errorf("median = %d", m)
	}
	if m := median([]int64{4, 1, 3, 2}); m != 2 {
		t.Errorf("median of four = %d, want the lower middle", m)
	}
}

func TestMixDistribution(t *testing.T) {
	m := newMix(defaultWeights)
	if m.total != 100 {
		t.Fatalf("weights add up to %d, want 100 (they are percentages)", m.total)
	}
	r := rand.New(rand.NewPCG(42, 0))
	const n = 200_000
	var got [numKinds]int
	for range n {
		got[m.pick(r)]++
	}
	searches := 0
	for k := range numKinds {
		share := 100 * float64(got[k]) / n
		if math.Abs(share-float64(defaultWeights[k])) > 0.5 {
			t.Errorf("%v: %.2f%%, want %d%%", k, share, defaultWeights[k])
		}
		if k.isSearch() {
			searches += got[k]
		}
	}
	for _, c := range []struct {
		name string
		n    int
		want float64
	}{{"searches", searches, 60}, {"gets", got[kindGet], 20}, {"creates", got[kindCreate], 10},
		{"patches", got[kindPatch], 8}, {"delete+restore", got[kindDeleteRestore], 2}} {
		if share := 100 * float64(c.n) / n; math.Abs(share-c.want) > 0.5 {
			t.Errorf("%s: %.2f%%, want %v%%", c.name, share, c.want)
		}
	}
}

func TestMixIsReproducible(t *testing.T) {
	m := newMix(defaultWeights)
	a, b := rand.New(rand.NewPCG(7, 0)), rand.New(rand.NewPCG(7, 0))
	for i := range 1000 {
		if x, y := m.pick(a), m.pick(b); x != y {
			t.Fatalf("pick %d: %v and %v from the same seed", i, x, y)
		}
	}
}

func testData() *data {
	return &data{liveIDs: []string{"0190e5f4-0000-7000-8000-000000000001"}, prefixes: []string{"서", "Se", "부산"},
		managers: []string{"0190e5f4-0000-7000-8000-0000000000aa"}, texts: []string{"울특별"}, livePages: 900, deletedPages: 100}
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

func TestSearchQueries(t *testing.T) {
	d, r := testData(), rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for k := kind(0); k.isSearch(); k++ {
		if k == kindSearchCursor {
			continue
		}
		for range 500 {
			q := searchQuery(r, k, d)
			checkQuery(t, q, d)
			seen[q.Get("count")] = true
			if k == kindSearchDeleted && q.Get("isDeleted") != "true" {
				t.Errorf("%v: %s", k, q.Encode())
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
		if base.Get("x") != "" || len(base) > 2 {
			t.Errorf("cursorQuery changed its base: %s", base.Encode())
		}
	}
}

func TestBodies(t *testing.T) {
	d, r := testData(), rand.New(rand.NewPCG(3, 4))
	names := map[string]bool{}
	for n := int64(1); n <= 2000; n++ {
		var h hubBody
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
		if l := h.Location; l != nil && (math.Abs(l.Latitude) > 90 || math.Abs(l.Longitude) > 180) {
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

func TestHubPool(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	p := &hubPool{}
	if h, _ := p.lease(r); h != nil || p.randomID(r) != "" {
		t.Fatal("an empty pool leased a hub")
	}
	p.add("a", 1)
	p.add("b", 1)
	h1, v1 := p.lease(r)
	h2, _ := p.lease(r)
	if h1 == nil || h2 == nil || h1 == h2 || v1 != 1 {
		t.Fatalf("leases %v %v", h1, h2)
	}
	if h, _ := p.lease(r); h != nil {
		t.Fatal("a leased hub was leased again")
	}
	p.release(h1, 2, false)
	p.release(h2, 1, true)
	for range 20 {
		h, v := p.lease(r)
		if h != h1 || v != 2 {
			t.Fatalf("leased %v at %d, want %s at 2 (the other is broken)", h, v, h1.id)
		}
		p.release(h, v, false)
	}
	if known, skipped := p.known(); len(known) != 1 || known[h1.id] != 2 || skipped != 1 {
		t.Errorf("known %v, skipped %d", known, skipped)
	}
}

func TestCursorPool(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	p := &cursorPool{limit: 3}
	if _, ok := p.take(r); ok {
		t.Fatal("took from an empty pool")
	}
	for i := range 10 {
		p.put(r, cursorChain{cursor: strconv.Itoa(i)})
	}
	n := 0
	for {
		if _, ok := p.take(r); !ok {
			break
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d chains, want the limit 3", n)
	}
}

func TestRecorderTotals(t *testing.T) {
	rec := newRecorder()
	rec.request("get", 2*time.Millisecond, true, "", "")
	rec.request("get", 4*time.Millisecond, true, "500", "GET /x: 500")
	rec.request("create", time.Millisecond, false, "transport", "POST: refused")
	rec.started(time.Millisecond, false)
	rec.started(time.Second, true)
	rec.dropped()
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

func TestParseStatus(t *testing.T) {
	st, err := parseStatus(bufio.NewScanner(strings.NewReader(
		"Name:\thubd\nVmHWM:\t   40000 kB\nVmRSS:\t   31744 kB\nThreads:\t9\n")))
	if err != nil || st["VmRSS"] != 31744 || st["Threads"] != 9 {
		t.Errorf("parseStatus = %v, %v", st, err)
	}
	if _, err := parseStatus(bufio.NewScanner(strings.NewReader("Name:\thubd\nState:\tZ (zombie)\n"))); err == nil {
		t.Error("a status without VmRSS must be an error")
	}
}

func TestParseFlags(t *testing.T) {
	t.Setenv("HUBD_DATA_DIR", "/tmp/x")
	o, err := parseFlags(nil, io.Discard)
	if err != nil || o.duration != 3*time.Minute || o.rate != 200 || o.workers != 64 || o.out != "/tmp/x/soak" || o.seed == 0 {
		t.Errorf("defaults %+v, %v", o, err)
	}
	if o, err := parseFlags([]string{"-duration", "30s", "-seed", "9"}, io.Discard); err != nil || o.seed != 9 {
		t.Errorf("-duration 30s: %+v, %v", o, err)
	}
	for _, args := range [][]string{{"-rate", "0"}, {"-duration", "5s"}, {"-workers", "0"}, {"-warmup", "2m"}, {"x"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
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

// TestUse: parsing /proc is harness's, tested there.
func TestUse(t *testing.T) {
	at := time.Unix(0, 0)
	u := use(cpuSnapshot{at: at}, cpuSnapshot{at: at.Add(10 * time.Second), soak: 2 * time.Second, hubd: 5 * time.Second,
		postgres: 4 * time.Second, busy: 15 * time.Second}, 2)
	if u != (cpuUse{Soak: 0.2, Hubd: 0.5, Postgres: 0.4, Other: 0.4, Idle: 0.5}) {
		t.Errorf("use = %+v", u)
	}
}
