package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
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

// soakLabels is the order of the per-kind table.
var soakLabels = []string{"search prefix", "search manager", "search page", "search cursor", "search q",
	"search deleted", "get", "create", "patch", "delete", "restore"}

// pickOp draws an operation of mix in proportion to the weights, which add up to 100.
func pickOp(r *rand.Rand, mix []soakOp) int {
	x := r.IntN(100)
	for i, o := range mix {
		if x -= o.weight; x < 0 {
			return i
		}
	}
	return len(mix) - 1
}

// allCounts are count= absent (meaning exact) and every count mode.
var allCounts = []string{"", "exact", "estimated", "none"}

// vary sets key to one of values at random, leaving it out for "".
func vary(r *rand.Rand, q url.Values, key string, values ...string) url.Values {
	if v := oneOf(r, values); v != "" {
		q.Set(key, v)
	}
	return q
}

// countAndSize varies count= among counts and size= (absent meaning 20).
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

func newData(r *rand.Rand, s sample) (*data, error) {
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
		return nil, fmt.Errorf("no search terms in %d names", len(s.names))
	}
	return d, nil
}

// uniqueName is the n-th name of this run: the run token keeps it apart from every seeded
// name and every other run, n from every other name of the run, so a create never meets 409.
func uniqueName(r *rand.Rand, token string, n int64) string {
	return fmt.Sprintf(oneOf(r, []string{"소크 %s 센터 %d", "소크 %s 센터 %d", "Soak %s Hub %d"}), token, n)
}

func randomLocation(r *rand.Rand) map[string]float64 {
	return map[string]float64{"latitude": 33.2 + r.Float64()*5.3, "longitude": 126 + r.Float64()*3.5}
}

// createBody is a valid new hub, most of the time with a manager (manager searches see it) and a location.
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

// patchBody is a JSON Merge Patch of one or two fields; a new name is uniqueName(n).
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

// worker runs operations one at a time. It writes only the hubs it created, so the version it
// knows is exact and an If-Match with it never meets 412; it pages through up to 4 cursor chains.
type worker struct {
	*runner
	r       *rand.Rand
	hubs    []createdHub
	skipped int // hubs dropped after a failed change: their state is unknown
	chains  []cursorChain
}

// createdHub is a hub a worker created, at the version of the last answer about it.
type createdHub struct {
	id      string
	version int64
}

// cursorChain is a search being paged through by its cursors.
type cursorChain struct {
	base   url.Values
	cursor string
	depth  int
}

func (w *worker) send(ctx context.Context, label string, q request) bool {
	_, err := w.c.send(ctx, w.rec, label, q)
	return err == nil
}

func (w *worker) op(ctx context.Context, o soakOp) {
	if o.run != nil {
		o.run(w, ctx)
	} else {
		w.send(ctx, o.name, request{path: hubsPath + "?" + o.query(w.r, w.d).Encode(), want: http.StatusOK, check: checkPage(nil)})
	}
}

// cursorPage continues a chain of cursor pages, or starts one (when there is none waiting,
// and one time in eight anyway, so chains of every depth are in flight) up to 50 pages deep.
func (w *worker) cursorPage(ctx context.Context) {
	chain := cursorChain{base: cursorBase(w.r, w.d)}
	if n := len(w.chains); n > 0 && w.r.IntN(8) != 0 {
		chain, w.chains = w.chains[n-1], w.chains[:n-1]
	}
	var p pageDoc
	if w.send(ctx, "search cursor", request{path: hubsPath + "?" + cursorQuery(w.r, chain.base, chain.cursor).Encode(),
		want: http.StatusOK, check: checkPage(&p)}) && p.Page.NextCursor != "" && chain.depth < 49 {
		next := cursorChain{base: chain.base, cursor: p.Page.NextCursor, depth: chain.depth + 1}
		if len(w.chains) < 4 {
			w.chains = append(w.chains, next)
		} else {
			w.chains[w.r.IntN(4)] = next
		}
	}
}

// checkVersion reads the version of a strong ETag such as "3" into v.
func checkVersion(v *int64) func(answer) error {
	return func(a answer) error {
		tag := a.header.Get("ETag")
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(tag, `"`), `"`), 10, 64)
		if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' || err != nil {
			return fmt.Errorf("ETag %q is not a strong version tag", tag)
		}
		*v = n
		return nil
	}
}

// get reads a seeded hub, or (one time in four) one the worker created.
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

// patch sends a merge patch (as application/json one time in four).
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

// dueAt is the scheduled start of operation i of an open-loop load of rate per second.
func dueAt(start time.Time, i int, rate float64) time.Time {
	return start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
}

// lateAfter is how long after its time an operation may start before it counts as late.
const lateAfter = 100 * time.Millisecond

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
				if ru.rec.started(lag, lag > lateAfter); ctx.Err() == nil {
					w.op(ctx, j.op)
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

// runSoak lets every worker create a hub for its first writes, runs the open loop while it
// samples hubd's memory every second, checks the created hubs and stops hubd.
func runSoak(ctx context.Context, o options, e *env, h *header) (report, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 1<<32))
	end := e.step("pick parameters and create hubs")
	s, err := sampleHubs(ctx, e.db)
	var d *data
	if err == nil {
		d, err = newData(rng, s)
	}
	ru := &runner{c: newClient(e.baseURL, e.token, o.Workers), d: d, rec: newRecorder(), runToken: fmt.Sprintf("%06x", rng.Uint32()&0xffffff)}
	workers := make([]*worker, o.Workers)
	for i := range workers {
		if workers[i] = (&worker{runner: ru, r: rand.New(rand.NewPCG(o.Seed, uint64(i)+1))}); err == nil {
			err = workers[i].create(ctx, nil)
		}
	}
	if end(); err != nil {
		return nil, err
	}
	end = e.step(fmt.Sprintf("load: %v at %g operations/s", o.Duration, o.Rate))
	cpuFrom, mem := e.cpuNow(), startMemSampler(e.hubdPID(), time.Second)
	took := ru.openLoop(ctx, o, workers)
	samples, cpu := mem.stop(), cpuBetween(cpuFrom, e.cpuNow(), 0, runtime.NumCPU())
	if end(); ctx.Err() != nil {
		return nil, fmt.Errorf("load interrupted: %w", ctx.Err())
	}
	end = e.step("check the created hubs")
	want, skipped := map[string]int64{}, 0
	for _, w := range workers {
		for _, h := range w.hubs {
			want[h.id] = h.version
		}
		skipped += w.skipped
	}
	check := checkCreated(ctx, e.db, want, skipped)
	end()
	end = e.step("stop hubd")
	e.stopServe()
	end()
	if avg := strings.Fields(procText("/proc/loadavg")); len(avg) >= 3 {
		h.Machine.LoadAvg = strings.Join(avg[:3], " ")
	}
	t := ru.rec.totals(soakLabels)
	r := &soakReport{header: h, LoadSeconds: round(took.Seconds(), 2), Scheduled: t.StartLag.N + t.NotStarted, Requests: t,
		Integrity: check, Memory: judgeMemory(samples, o.Duration, o.Warmup), CPU: cpu, CreatedHubs: int(ru.created.Load()),
		HubdLogLines: e.logLines.Load(), HubdStopSeconds: round(e.stopTook.Seconds(), 2),
		ReqPerSec: round(float64(t.Completed)/took.Seconds(), 1), OpsPerSec: round(float64(t.StartLag.N)/took.Seconds(), 1),
		TotalErrors: t.Errors + check.failures()}
	if e.stopErr != nil {
		r.HubdStopError = e.stopErr.Error()
	}
	r.RateSustained = float64(t.LateStarted+t.NotStarted) <= lateShareLimit*float64(max(r.Scheduled, 1))
	r.Pass = r.TotalErrors == 0 && !r.Memory.Growing
	return r, nil
}
