package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
)

const (
	soakWorkers = 64 // the most operations in flight at once, and the queue's length
	lateAfter   = 100 * time.Millisecond
	// Above lateShareLimit late operations the load was not what -rate asked for.
	lateShareLimit = 0.01
	// Memory "keeps growing" when the last third's median RSS is above the middle third's ×
	// growthFactor + growthSlackMB (a small heap's noise); the first third is warm-up.
	growthFactor, growthSlackMB = 1.2, 5.0
)

// soakOp is one operation of the mix, weight its share in percent: a search (query) or run.
type soakOp struct {
	name   string
	weight int
	query  func(r *rand.Rand, d *data) url.Values
	run    func(w *worker, ctx context.Context)
}

// soakMix: 60% searches, 20% gets, 10% creates, 8% patches, 2% delete+restore. Queries are valid
// and a worker writes only its own hubs, so any answer but the expected one (304, 409, 412…) is an error.
var soakMix = []soakOp{
	{name: "search prefix", weight: 15, query: func(r *rand.Rand, d *data) url.Values {
		q := vary(r, url.Values{"hubName": {oneOf(r, d.prefixes)}}, "sort", "hubName", "hubName", "hubName,desc", "")
		return countAndSize(r, vary(r, q, "page", "", "", "", "", "1", "2", "3"), allCounts...)
	}},
	{name: "search manager", weight: 10, query: func(r *rand.Rand, d *data) url.Values {
		return countAndSize(r, vary(r, url.Values{"hubManagerId": {oneOf(r, d.managers)}}, "sort", "", "hubName", "updatedAt,desc"), allCounts...)
	}},
	{name: "search page", weight: 12, query: func(r *rand.Rand, d *data) url.Values {
		q := vary(r, url.Values{"page": {strconv.Itoa(r.IntN(max(d.livePages, 1)))}}, "sort", "", "hubName", "createdAt", "updatedAt,desc")
		return countAndSize(r, q, allCounts...)
	}},
	{name: "search cursor", weight: 12, run: (*worker).cursorPage},
	{name: "search q", weight: 6, query: func(r *rand.Rand, d *data) url.Values {
		return countAndSize(r, url.Values{"q": {oneOf(r, d.texts)}}, "none", "estimated", "")
	}},
	{name: "search deleted", weight: 5, query: func(r *rand.Rand, d *data) url.Values {
		return countAndSize(r, url.Values{"isDeleted": {"true"}, "page": {strconv.Itoa(r.IntN(min(max(d.deletedPages, 1), 5)))}}, allCounts...)
	}},
	{name: "get", weight: 20, run: (*worker).get},
	{name: "create", weight: 10, run: func(w *worker, ctx context.Context) { _ = w.create(ctx, w.rec) }},
	{name: "patch", weight: 8, run: (*worker).patch},
	{name: "delete+restore", weight: 2, run: (*worker).deleteRestore},
}

var soakLabels = []string{"search prefix", "search manager", "search page", "search cursor", "search q",
	"search deleted", "get", "create", "patch", "delete", "restore"}

func pickOp(r *rand.Rand, mix []soakOp) int {
	x := r.IntN(100)
	for i, o := range mix {
		if x -= o.weight; x < 0 {
			return i
		}
	}
	return len(mix) - 1
}

var allCounts = []string{"", "exact", "estimated", "none"}

// vary sets key to one of values, leaving it out for "".
func vary(r *rand.Rand, q url.Values, key string, values ...string) url.Values {
	if v := oneOf(r, values); v != "" {
		q.Set(key, v)
	}
	return q
}

func countAndSize(r *rand.Rand, q url.Values, counts ...string) url.Values {
	return vary(r, vary(r, q, "count", counts...), "size", "", "", "10", "50")
}

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// cursorBase is the filters and sort of a new chain of cursor pages, which later pages keep.
func cursorBase(r *rand.Rand, d *data) url.Values {
	return oneOf(r, []url.Values{{}, {"sort": {"hubName"}}, {"hubName": {oneOf(r, d.prefixes)}, "sort": {"hubName"}},
		{"hubManagerId": {oneOf(r, d.managers)}, "sort": {"updatedAt,desc"}}})
}

// cursorQuery is the next page of a chain: its base, its cursor (never page=, which the
// service refuses with one), a count mode that costs little and sometimes another size.
func cursorQuery(r *rand.Rand, base url.Values, cursor string) url.Values {
	return countAndSize(r, vary(r, maps.Clone(base), "cursor", cursor), "none", "none", "estimated")
}

// data are the soak's request parameters: prefixes of 1 to 3 characters of live names (as a
// person starts typing) and 3-character substrings without spaces (what q's trigram index serves).
type data struct {
	sample
	prefixes, texts         []string
	livePages, deletedPages int // at the default size, 20
}

func newData(r *rand.Rand, s sample) *data {
	d := &data{sample: s, livePages: int(s.live+19) / 20, deletedPages: int(s.deleted+19) / 20}
	for i, name := range s.names {
		runes := []rune(name)
		if p := strings.TrimRight(string(runes[:min(1+i%3, len(runes))]), " "); p != "" && !slices.Contains(d.prefixes, p) {
			d.prefixes = append(d.prefixes, p)
		}
		if len(runes) >= 3 {
			at := r.IntN(len(runes) - 2)
			if t := string(runes[at : at+3]); !strings.Contains(t, " ") && !slices.Contains(d.texts, t) {
				d.texts = append(d.texts, t)
			}
		}
	}
	if len(d.prefixes) == 0 || len(d.texts) == 0 {
		check(fmt.Errorf("no search terms in %d names", len(s.names)))
	}
	return d
}

// uniqueName is the n-th name of this run: the run token keeps it apart from every seeded
// name and every other run, n from every other name of the run, so a create never meets 409.
func uniqueName(r *rand.Rand, token string, n int64) string {
	return fmt.Sprintf(oneOf(r, []string{"소크 %s 센터 %d", "소크 %s 센터 %d", "Soak %s Hub %d"}), token, n)
}

func randomLocation(r *rand.Rand) map[string]float64 {
	return map[string]float64{"latitude": 33.2 + r.Float64()*5.3, "longitude": 126 + r.Float64()*3.5}
}

func createBody(r *rand.Rand, token string, n int64, d *data) []byte {
	address := map[string]any{"address1": fmt.Sprintf("soak road %d", n)}
	b := map[string]any{"hubName": uniqueName(r, token, n), "address": address}
	if r.IntN(4) != 0 {
		b["hubManagerId"] = oneOf(r, d.managers)
	}
	if r.IntN(5) != 0 {
		b["location"] = randomLocation(r)
	}
	if r.IntN(2) == 0 {
		address["zipCode"], address["address2"] = fmt.Sprintf("%05d", r.IntN(100000)), "floor "+strconv.Itoa(1+r.IntN(30))
	}
	out, _ := json.Marshal(b) // plain types: cannot fail
	return out
}

func patchBody(r *rand.Rand, token string, n int64, d *data) []byte {
	out, _ := json.Marshal(oneOf(r, []map[string]any{
		{"hubName": uniqueName(r, token, n)}, {"hubName": uniqueName(r, token, n)}, {"hubName": uniqueName(r, token, n)},
		{"address": map[string]any{"address2": fmt.Sprintf("patched %d", n)}},
		{"address": map[string]any{"zipCode": fmt.Sprintf("%05d", r.IntN(100000)), "address2": nil}},
		{"hubManagerId": nil}, {"hubManagerId": oneOf(r, d.managers)}, {"location": randomLocation(r)},
		{"location": randomLocation(r), "address": map[string]any{"address1": fmt.Sprintf("soak avenue %d", n)}},
	}))
	return out
}

// runner is what the soak's workers share; runToken is in every name the run gives.
type runner struct {
	c              *client
	d              *data
	rec            *recorder
	runToken       string
	names, created atomic.Int64 // names given; hubs created
}

// worker writes only the hubs it created, so the version it knows is exact and its If-Match never
// meets 412; it pages through one chain of cursor pages (base, at cursor, depth pages in).
type worker struct {
	*runner
	r       *rand.Rand
	hubs    []createdHub
	skipped int // hubs dropped after a failed change: their state is unknown
	base    url.Values
	cursor  string
	depth   int
}

// createdHub is at the version of the last answer about it.
type createdHub struct {
	id      string
	version int64
}

func (w *worker) send(ctx context.Context, label string, q request) bool {
	_, err := w.c.send(ctx, w.rec, label, q)
	return err == nil
}

// cursorPage continues the worker's chain of cursor pages up to 50 pages deep, or starts one
// (one time in eight anyway, so chains of every depth are in flight).
func (w *worker) cursorPage(ctx context.Context) {
	if w.cursor == "" || w.r.IntN(8) == 0 {
		w.base, w.cursor, w.depth = cursorBase(w.r, w.d), "", 0
	}
	var p pageDoc
	if w.send(ctx, "search cursor", request{path: hubsPath + "?" + cursorQuery(w.r, w.base, w.cursor).Encode(),
		want: http.StatusOK, check: checkPage(&p)}) && w.depth < 49 {
		w.cursor, w.depth = p.Page.NextCursor, w.depth+1
	} else {
		w.cursor = ""
	}
}

func checkVersion(v *int64) func(answer) error {
	return func(a answer) error {
		tag := a.header.Get("ETag")
		n, err := strconv.ParseInt(strings.Trim(tag, `"`), 10, 64)
		if err != nil || tag != `"`+strconv.FormatInt(n, 10)+`"` {
			return fmt.Errorf("ETag %q is not a strong version tag", tag)
		}
		*v = n
		return nil
	}
}

func (w *worker) get(ctx context.Context) {
	id := oneOf(w.r, w.d.liveIDs)
	if len(w.hubs) > 0 && w.r.IntN(4) == 0 {
		id = oneOf(w.r, w.hubs).id
	}
	w.send(ctx, "get", request{path: hubsPath + "/" + url.PathEscape(id), want: http.StatusOK, check: checkVersion(new(int64))})
}

// create adds a hub with a unique name, half the time with an Idempotency-Key (a fresh one,
// so it is never a replay); rec nil records nothing (the hubs made before the load).
func (w *worker) create(ctx context.Context, rec *recorder) error {
	h := createdHub{}
	q := request{method: http.MethodPost, path: hubsPath, ctype: "application/json", body: createBody(w.r, w.runToken, w.names.Add(1), w.d),
		want: http.StatusCreated, check: func(a answer) error {
			var b struct{ HubID string }
			if err := json.Unmarshal(a.body, &b); err != nil || b.HubID == "" {
				return fmt.Errorf("no hubId in %.200s", a.body)
			}
			h.id = b.HubID
			return checkVersion(&h.version)(a)
		}}
	if w.r.IntN(2) == 0 {
		q.header = map[string]string{"Idempotency-Key": uuid.NewString()}
	}
	_, err := w.c.send(ctx, rec, "create", q)
	if err == nil {
		w.hubs = append(w.hubs, h)
		w.created.Add(1)
	}
	return err
}

// change runs do on a random hub of the worker's (or creates one when it has none) with an
// If-Match half the time; a hub whose change failed is dropped, its state being unknown.
func (w *worker) change(ctx context.Context, do func(path string, ifMatch map[string]string, version *int64) bool) {
	if len(w.hubs) == 0 {
		w.rec.count(&w.rec.t.Substituted)
		_ = w.create(ctx, w.rec)
		return
	}
	i := w.r.IntN(len(w.hubs))
	var ifMatch map[string]string
	if w.r.IntN(2) == 0 {
		ifMatch = map[string]string{"If-Match": strconv.Quote(strconv.FormatInt(w.hubs[i].version, 10))}
	}
	if !do(hubsPath+"/"+w.hubs[i].id, ifMatch, &w.hubs[i].version) {
		w.hubs, w.skipped = slices.Delete(w.hubs, i, i+1), w.skipped+1
	}
}

func (w *worker) patch(ctx context.Context) {
	w.change(ctx, func(path string, ifMatch map[string]string, version *int64) bool {
		return w.send(ctx, "patch", request{method: http.MethodPatch, path: path, header: ifMatch,
			ctype: oneOf(w.r, []string{"application/merge-patch+json", "application/merge-patch+json", "application/merge-patch+json", "application/json"}),
			body:  patchBody(w.r, w.runToken, w.names.Add(1), w.d), want: http.StatusOK, check: checkVersion(version)})
	})
}

// deleteRestore deletes a hub and restores it at once, so every hub ends live.
func (w *worker) deleteRestore(ctx context.Context) {
	w.change(ctx, func(path string, ifMatch map[string]string, version *int64) bool {
		return w.send(ctx, "delete", request{method: http.MethodDelete, path: path, header: ifMatch, want: http.StatusNoContent}) &&
			w.send(ctx, "restore", request{method: http.MethodPost, path: path + "/restore", want: http.StatusOK, check: checkVersion(version)})
	})
}

func dueAt(start time.Time, i int, rate float64) time.Time {
	return start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
}

// openLoop schedules operations at -rate onto the workers through a queue as long as the pool:
// one that finds both full is not sent, one started lateAfter after its time is late; both count.
func (ru *runner) openLoop(ctx context.Context, o options, workers []*worker) time.Duration {
	type job struct {
		op  soakOp
		due time.Time
	}
	start, jobs := time.Now(), make(chan job, len(workers))
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for j := range jobs {
				lag := time.Since(j.due)
				switch ru.rec.started(lag, lag > lateAfter); {
				case ctx.Err() != nil:
				case j.op.run != nil:
					j.op.run(w, ctx)
				default:
					w.send(ctx, j.op.name, request{path: hubsPath + "?" + j.op.query(w.r, w.d).Encode(), want: http.StatusOK, check: checkPage(nil)})
				}
			}
		})
	}
	progress := time.NewTicker(30 * time.Second)
	defer progress.Stop()
	sched := rand.New(rand.NewPCG(o.Seed, 0))
	for i := 0; ctx.Err() == nil && dueAt(start, i, o.Rate).Sub(start) < o.Duration; i++ {
		due := dueAt(start, i, o.Rate)
		time.Sleep(time.Until(due)) // at most one interval: ctx is looked at again right after
		select {
		case jobs <- job{op: soakMix[pickOp(sched, soakMix)], due: due}:
		default:
			ru.rec.count(&ru.rec.t.NotStarted)
		}
		select {
		case <-progress.C:
			t := ru.rec.totals(nil)
			fmt.Fprintf(os.Stderr, "hubd-load: %3.0fs/%v  sent %d  errors %d  created hubs %d\n",
				time.Since(start).Seconds(), o.Duration, t.Sent, t.Errors, ru.created.Load())
		default:
		}
	}
	close(jobs)
	wg.Wait() // bounded: each request has requestTimeout, and at most a queue's worth waits
	return time.Since(start)
}

func runSoak(ctx context.Context, o options, e *env, h *header) report {
	rng := rand.New(rand.NewPCG(o.Seed, 1<<32))
	ru := &runner{c: newClient(e.baseURL, e.token, soakWorkers), rec: newRecorder(), runToken: fmt.Sprintf("%06x", rng.Uint32()&0xffffff)}
	workers := make([]*worker, soakWorkers)
	e.step("pick parameters and create hubs", func() {
		ru.d = newData(rng, sampleHubs(ctx, e.db))
		for i := range workers {
			workers[i] = &worker{runner: ru, r: rand.New(rand.NewPCG(o.Seed, uint64(i)+1))}
			check(workers[i].create(ctx, nil))
		}
	})
	took, samples, cpu := time.Duration(0), []memSample(nil), cpuUse{}
	e.step(fmt.Sprintf("load: %v at %g operations/s", o.Duration, o.Rate), func() {
		cpuFrom, stopMem := e.cpuNow(), watchMemory(e.hubdPid, time.Second)
		took = ru.openLoop(ctx, o, workers)
		samples, cpu = stopMem(), cpuBetween(cpuFrom, e.cpuNow(), 0, runtime.NumCPU())
		check(ctx.Err())
	})
	var hubs []createdHub
	skipped := 0
	for _, w := range workers {
		hubs, skipped = append(hubs, w.hubs...), skipped+w.skipped
	}
	var integrity integrity
	e.step("check the created hubs", func() { integrity = must(checkCreated(ctx, e.db, hubs, skipped)) })
	e.step("stop hubd", e.stopServe)
	t, mem := ru.rec.totals(soakLabels), judgeMemory(samples, o.Duration, o.Warmup)
	scheduled, errs := t.StartLag.N+t.NotStarted, t.Errors+integrity.Missing+integrity.Wrong
	r := &soakReport{header: h, LoadSeconds: round(took.Seconds(), 2), Scheduled: scheduled, Requests: t, TotalErrors: errs,
		Integrity: integrity, Memory: mem, CPU: cpu, CreatedHubs: int(ru.created.Load()),
		HubdLogLines: strings.Count(procText(e.logPath()), "\n"), HubdStopSeconds: round(e.stopTook.Seconds(), 2),
		ReqPerSec: round(float64(t.Completed)/took.Seconds(), 1), OpsPerSec: round(float64(t.StartLag.N)/took.Seconds(), 1),
		RateSustained: float64(t.LateStarted+t.NotStarted) <= lateShareLimit*float64(max(scheduled, 1)), Pass: errs == 0 && !mem.Growing}
	if e.stopErr != nil {
		r.HubdStopError = e.stopErr.Error()
	}
	return r
}

// integrity: is every hub the soak created live at its last answered version? Skipped ones' last
// change failed (state unknown), Wrong ones are deleted or at another version.
type integrity struct {
	Checked, Skipped, Missing, Wrong int
	Problems                         []string
}

func checkCreated(ctx context.Context, db *sql.DB, hubs []createdHub, skipped int) (integrity, error) {
	res, ids, versions := integrity{Checked: len(hubs), Skipped: skipped}, make([]string, len(hubs)), make([]int64, len(hubs))
	for i, h := range hubs {
		ids[i], versions[i] = h.id, h.version
	}
	problems, err := queryStrings(ctx, db, `SELECT CASE WHEN h.hub_id IS NULL THEN format('hub %s: answered 201, not in the database', w.id)
		ELSE format('hub %s: version %s deleted %s in the database, the last answer said version %s, live', w.id, h.version, h.is_deleted, w.version) END
		FROM unnest($1::uuid[], $2::bigint[]) AS w(id, version) LEFT JOIN hubs h ON h.hub_id = w.id
		WHERE h.hub_id IS NULL OR h.is_deleted OR h.version <> w.version`, pq.Array(ids), pq.Array(versions))
	for _, p := range problems {
		if strings.HasSuffix(p, "not in the database") {
			res.Missing++
		} else {
			res.Wrong++
		}
	}
	res.Problems = problems[:min(len(problems), maxErrorSamples)]
	return res, err
}

// soakMemory is in MiB; StartMB is after the warm-up; Problem (a failure) is why there is no verdict.
type soakMemory struct {
	WarmupSeconds, StartMB, EndMB, MaxMB, MiddleMedianMB, LastMedianMB, LimitMB float64
	Growing                                                                     bool
	Samples                                                                     []memSample
	Problem                                                                     string
}

func judgeMemory(samples []memSample, duration, warmup time.Duration) soakMemory {
	r := soakMemory{WarmupSeconds: warmup.Seconds(), Samples: samples, Growing: true, Problem: "no memory samples"}
	if len(samples) == 0 {
		return r
	}
	d := duration.Seconds()
	var middle, last []int64
	first := samples[len(samples)-1]
	for _, s := range slices.Backward(samples) {
		if r.MaxMB = max(r.MaxMB, mb(s.RSSkB)); s.T >= warmup.Seconds() {
			first = s
		}
		if s.T >= 2*d/3 {
			last = append(last, s.RSSkB)
		} else if s.T >= d/3 {
			middle = append(middle, s.RSSkB)
		}
	}
	end := samples[len(samples)-1]
	r.StartMB, r.EndMB = mb(first.RSSkB), mb(end.RSSkB)
	if r.Problem = fmt.Sprintf("too few samples to compare (%d in the middle third, %d in the last)", len(middle), len(last)); len(middle) < 3 || len(last) < 3 {
		return r
	}
	r.MiddleMedianMB, r.LastMedianMB, r.Problem = mb(percentile(slices.Sorted(slices.Values(middle)), 50)), mb(percentile(slices.Sorted(slices.Values(last)), 50)), ""
	r.LimitMB = round(r.MiddleMedianMB*growthFactor+growthSlackMB, 1)
	r.Growing = r.LastMedianMB > r.LimitMB
	return r
}

type soakReport struct {
	*header
	LoadSeconds, ReqPerSec, OpsPerSec, HubdStopSeconds float64
	Scheduled, CreatedHubs, TotalErrors                int
	Requests                                           loadTotals
	Integrity                                          integrity
	Memory                                             soakMemory
	CPU                                                cpuUse
	HubdLogLines                                       int
	HubdStopError                                      string
	RateSustained, Pass                                bool
}

func (r *soakReport) passed() bool { return r.Pass }

func verdict(ok bool) string { return ifElse(ok, "PASS", "FAIL") }

func (r *soakReport) print(w *bytes.Buffer) {
	t, m, c := r.Requests, r.Memory, r.CPU
	fmt.Fprintf(w, "## hubd soak\n\n%v of open-loop load at %g operations/s (%d workers) on %d seeded hubs, seed %d; %s; started %s.\n\n| | |\n|---|--:|\n",
		r.Options.Duration, r.Options.Rate, soakWorkers, r.Options.Hubs, r.Options.Seed, r.Machine, r.Started.Format(time.RFC3339))
	growth := ifElse(m.Problem != "", fmt.Sprintf("| **memory growth** | **%s: FAIL** |", m.Problem),
		fmt.Sprintf("| **memory growth** (median RSS, last third vs middle third) | **%.1f vs %.1f MB, limit %.1f: %s** |",
			m.LastMedianMB, m.MiddleMedianMB, m.LimitMB, verdict(!m.Growing)))
	stop := ifElse(r.HubdStopError != "", "**"+r.HubdStopError+"**", fmt.Sprintf("exited 0 after %.2f s", r.HubdStopSeconds))
	fmt.Fprintf(w, `| operations scheduled | %s |
| requests sent | %s |
| requests completed (answered) | %s |
| **errors** | **%s: %s** |
| late: started > %s after their time / never started | %d / %d |
| rate sustained (late ≤ 1%%) | %s |
| achieved | %.1f req/s (%.1f operations/s) over %.1f s |
| latency p50 / p90 / **p99** / max | %.2f / %.2f / **%.2f** / %.2f ms |
| CPU during the load, in cores: load generator / hubd / PostgreSQL / other work / idle | %.2f / %.2f / %.2f / %.2f / %.2f |
| start lag p99 / max | %.2f / %.2f ms |
| created hubs checked in the database | %s (%d missing, %d wrong, %d skipped) |
| hubd RSS at %s / at the end / max | %.1f / %.1f / %.1f MB |
%s
| hubd log lines (warn and above) | %d |
| hubd on SIGTERM | %s |
`, thousands(r.Scheduled), thousands(t.Sent), thousands(t.Completed), thousands(r.TotalErrors), verdict(r.TotalErrors == 0),
		lateAfter, t.LateStarted, t.NotStarted, ifElse(r.RateSustained, "yes", "**no**: lower -rate"),
		r.ReqPerSec, r.OpsPerSec, r.LoadSeconds, t.Latency.P50ms, t.Latency.P90ms, t.Latency.P99ms, t.Latency.MaxMs,
		c.LoadGen, c.Hubd, c.Postgres, c.Other, c.Idle, t.StartLag.P99ms, t.StartLag.MaxMs,
		thousands(r.Integrity.Checked), r.Integrity.Missing, r.Integrity.Wrong, r.Integrity.Skipped, r.Options.Warmup, m.StartMB, m.EndMB, m.MaxMB,
		growth, r.HubdLogLines, stop)
	if t.Substituted > 0 {
		fmt.Fprintf(w, "| patches/deletes that found no free hub (created one instead) | %d |\n", t.Substituted)
	}
	fmt.Fprintln(w, "\n| kind | sent | errors | p50 ms | p90 ms | p99 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|")
	for _, k := range t.Kinds {
		fmt.Fprintf(w, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f |\n", k.Kind, thousands(k.Sent), k.Errors, k.P50ms, k.P90ms, k.P99ms, k.MaxMs)
	}
	fmt.Fprintf(w, "\nhubd RSS (MB) over the load: %s\n", rssLine(m.Samples, 15))
	if len(t.ErrorKinds) > 0 || len(r.Integrity.Problems) > 0 {
		fmt.Fprintln(w, "\nErrors:")
		for _, k := range slices.Sorted(maps.Keys(t.ErrorKinds)) {
			fmt.Fprintf(w, "- %s: %d\n", k, t.ErrorKinds[k])
		}
		for _, s := range slices.Concat(t.ErrorSample, r.Integrity.Problems) {
			fmt.Fprintf(w, "- e.g. %s\n", s)
		}
	}
	fmt.Fprintf(w, "\n**%s**: errors %s, memory %s.\n\n", verdict(r.Pass), verdict(r.TotalErrors == 0), verdict(!m.Growing))
}

// rssLine is "0s 25.1 · 15s 30.2 · …".
func rssLine(samples []memSample, every float64) string {
	var parts []string
	next := 0.0
	for i, s := range samples {
		if s.T >= next || i == len(samples)-1 {
			parts = append(parts, fmt.Sprintf("%.0fs %.1f", s.T, mb(s.RSSkB)))
			next = (math.Floor(s.T/every) + 1) * every
		}
	}
	return strings.Join(parts, " · ")
}

func thousands(n int) string {
	s := fmt.Sprint(max(n, -n))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return strings.Repeat("-", min(1, max(0, -n))) + s
}
