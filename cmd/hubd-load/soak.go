package main

import (
	"cmp"
	"context"
	"database/sql"
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

// soakOp is one operation of the soak's mix, weight its share in percent: a plain search
// (query), or what run does, delete+restore being two requests ("delete" and "restore").
type soakOp struct {
	name   string
	weight int
	query  func(r *rand.Rand, d *data) url.Values
	run    func(ru *runner, ctx context.Context, r *rand.Rand)
}

// soakMix is 60% searches of every kind (every count mode, several sizes and sorts), 20% gets,
// 10% creates, 8% patches and 2% delete+restore. Writes of one hub never overlap (the soak
// leases the hub), so none can legitimately answer 304, 409 or 412, and every query is valid:
// every answer but the one an operation must get is an error.
var soakMix = []soakOp{
	{name: "search prefix", weight: 15, query: func(r *rand.Rand, d *data) url.Values {
		q := vary(r, url.Values{"hubName": {oneOf(r, d.prefixes)}}, "sort", "hubName", "hubName", "hubName,desc", "")
		if r.IntN(5) == 0 {
			q.Set("page", strconv.Itoa(1+r.IntN(3)))
		}
		return countAndSize(r, q, allCounts...)
	}},
	{name: "search manager", weight: 10, query: func(r *rand.Rand, d *data) url.Values {
		q := vary(r, url.Values{"hubManagerId": {oneOf(r, d.managers)}}, "sort", "", "hubName", "updatedAt,desc")
		return countAndSize(r, q, allCounts...)
	}},
	{name: "search page", weight: 12, query: func(r *rand.Rand, d *data) url.Values {
		q := vary(r, url.Values{"page": {strconv.Itoa(r.IntN(max(d.livePages, 1)))}}, "sort", "", "hubName", "createdAt", "updatedAt,desc")
		return countAndSize(r, q, allCounts...)
	}},
	{name: "search cursor", weight: 12, run: (*runner).cursorPage},
	{name: "search q", weight: 6, query: func(r *rand.Rand, d *data) url.Values {
		return countAndSize(r, url.Values{"q": {oneOf(r, d.texts)}}, "none", "estimated", "")
	}},
	{name: "search deleted", weight: 5, query: func(r *rand.Rand, d *data) url.Values {
		return countAndSize(r, url.Values{"isDeleted": {"true"}, "page": {strconv.Itoa(r.IntN(min(max(d.deletedPages, 1), 5)))}}, allCounts...)
	}},
	{name: "get", weight: 20, run: (*runner).get},
	{name: "create", weight: 10, run: (*runner).create},
	{name: "patch", weight: 8, run: (*runner).patch},
	{name: "delete+restore", weight: 2, run: (*runner).deleteRestore},
}

// soakLabels is the order of the per-kind table.
var soakLabels = []string{"search prefix", "search manager", "search page", "search cursor", "search q",
	"search deleted", "get", "create", "patch", "delete", "restore"}

// pickOp draws an operation of mix in proportion to the weights.
func pickOp(r *rand.Rand, mix []soakOp) int {
	total := 0
	for _, o := range mix {
		total += o.weight
	}
	x := r.IntN(total)
	for i, o := range mix {
		if x -= o.weight; x < 0 {
			return i
		}
	}
	return len(mix) - 1 // unreachable with a positive total
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

// oneOf returns a random element of xs, which must not be empty.
func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// cursorBase is the filters and sort of a new chain of cursor pages, which later pages keep.
func cursorBase(r *rand.Rand, d *data) url.Values {
	switch r.IntN(4) {
	case 0:
		return url.Values{}
	case 1:
		return url.Values{"sort": {"hubName"}}
	case 2:
		return url.Values{"hubName": {oneOf(r, d.prefixes)}, "sort": {"hubName"}}
	}
	return url.Values{"hubManagerId": {oneOf(r, d.managers)}, "sort": {"updatedAt,desc"}}
}

// cursorQuery is the next page of a chain: its base, its cursor (never page=, which the
// service refuses with one), a count mode that costs little and sometimes another size.
func cursorQuery(r *rand.Rand, base url.Values, cursor string) url.Values {
	return countAndSize(r, vary(r, maps.Clone(base), "cursor", cursor), "none", "none", "estimated")
}

// data are the request parameters picked from the seeded database before the load, so that
// searches find something.
type data struct {
	liveIDs, managers       []string // of seeded live hubs, which the soak never changes
	prefixes, texts         []string // 1 to 3 leading characters and 3-character substrings of their names
	livePages, deletedPages int      // at the default size, 20
}

// pickData samples the seeded data (before the load, so it adds nothing to it).
func pickData(ctx context.Context, db *sql.DB, r *rand.Rand) (*data, error) {
	d := &data{}
	var live, deleted int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE NOT is_deleted), count(*) FILTER (WHERE is_deleted) FROM hubs").
		Scan(&live, &deleted); err != nil {
		return nil, fmt.Errorf("count hubs: %w", err)
	}
	if live < 40 {
		return nil, fmt.Errorf("only %d live hubs", live)
	}
	d.livePages, d.deletedPages = (live+19)/20, (deleted+19)/20
	names, err := queryStrings(ctx, db, "SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 300")
	if err == nil {
		d.liveIDs, err = queryStrings(ctx, db, "SELECT hub_id::text FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 2000")
	}
	if err == nil {
		d.managers, err = queryStrings(ctx, db, `SELECT m FROM (SELECT DISTINCT hub_manager_id::text AS m
			FROM hubs WHERE NOT is_deleted AND hub_manager_id IS NOT NULL) ms ORDER BY random() LIMIT 300`)
	}
	if d.prefixes, d.texts = cutNames(r, names); err != nil || len(d.prefixes) == 0 || len(d.texts) == 0 || len(d.managers) == 0 {
		return nil, fmt.Errorf("sample names, ids and managers: %d prefixes, %d substrings, %d managers, %v",
			len(d.prefixes), len(d.texts), len(d.managers), err)
	}
	return d, nil
}

// cutNames makes search terms from names: prefixes of 1 to 3 characters (as a person starts
// typing; never ending on a space) and 3-character substrings without spaces (what q's
// trigram index serves), each list without duplicates.
func cutNames(r *rand.Rand, names []string) (prefixes, texts []string) {
	for i, name := range names {
		runes := []rune(name)
		if p := strings.TrimRight(string(runes[:min(1+i%3, len(runes))]), " "); p != "" && !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
		if len(runes) >= 3 {
			at := r.IntN(len(runes) - 2)
			if t := string(runes[at : at+3]); !strings.Contains(t, " ") && !slices.Contains(texts, t) {
				texts = append(texts, t)
			}
		}
	}
	return prefixes, texts
}

// uniqueName is the n-th name of this run: the run token keeps it apart from every seeded
// name and every other run, n from every other name of the run, so a create never meets 409.
func uniqueName(r *rand.Rand, token string, n int64) string {
	if r.IntN(10) < 7 {
		return fmt.Sprintf("소크 %s 센터 %d", token, n)
	}
	return fmt.Sprintf("Soak %s Hub %d", token, n)
}

// randomLocation is a point in South Korea.
func randomLocation(r *rand.Rand) map[string]float64 {
	return map[string]float64{"latitude": 33.2 + r.Float64()*5.3, "longitude": 126 + r.Float64()*3.5}
}

// createBody is a valid new hub named uniqueName(n): with a manager and a location most of
// the time, so that manager searches see new hubs too.
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
	p := map[string]any{}
	switch r.IntN(10) {
	case 0, 1, 2:
		p["hubName"] = uniqueName(r, token, n)
	case 3, 4:
		p["address"] = map[string]any{"address2": fmt.Sprintf("patched %d", n)}
	case 5:
		p["address"] = map[string]any{"zipCode": fmt.Sprintf("%05d", r.IntN(100000)), "address2": nil}
	case 6, 7:
		if r.IntN(4) == 0 {
			p["hubManagerId"] = nil
		} else {
			p["hubManagerId"] = oneOf(r, d.managers)
		}
	default:
		p["location"] = randomLocation(r)
		if r.IntN(3) == 0 {
			p["address"] = map[string]any{"address1": fmt.Sprintf("soak avenue %d", n)}
		}
	}
	out, _ := json.Marshal(p)
	return out
}

// runner is what the soak's workers share.
type runner struct {
	c        *client
	d        *data
	hubs     hubPool
	cursors  cursorPool
	rec      *recorder
	runToken string       // in every name the run gives, so names never collide
	names    atomic.Int64 // the running number of those names
}

// send is client.send recorded under label; it reports whether the answer was right.
func (ru *runner) send(ctx context.Context, label string, q request) bool {
	_, err := ru.c.send(ctx, ru.rec, label, q)
	return err == nil
}

// op runs one operation of the mix with the worker's random source r.
func (ru *runner) op(ctx context.Context, r *rand.Rand, o soakOp) {
	if o.run != nil {
		o.run(ru, ctx, r)
	} else {
		ru.send(ctx, o.name, request{path: hubsPath + "?" + o.query(r, ru.d).Encode(), want: http.StatusOK, check: checkPage(nil)})
	}
}

// cursorPage continues a chain of cursor pages, or starts one (when there is none waiting,
// and one time in eight anyway, so chains of every depth are in flight) up to 50 pages deep.
func (ru *runner) cursorPage(ctx context.Context, r *rand.Rand) {
	chain, ok := cursorChain{}, false
	if r.IntN(8) != 0 {
		chain, ok = ru.cursors.take(r)
	}
	if !ok {
		chain = cursorChain{base: cursorBase(r, ru.d)}
	}
	var p pageDoc
	if ru.send(ctx, "search cursor", request{path: hubsPath + "?" + cursorQuery(r, chain.base, chain.cursor).Encode(),
		want: http.StatusOK, check: checkPage(&p)}) && p.Page.NextCursor != "" && chain.depth < 49 {
		ru.cursors.put(r, cursorChain{base: chain.base, cursor: p.Page.NextCursor, depth: chain.depth + 1})
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

// get reads a seeded hub, or one the soak created (one time in four, when there are some).
func (ru *runner) get(ctx context.Context, r *rand.Rand) {
	id := ""
	if r.IntN(4) == 0 {
		id = ru.hubs.randomID(r)
	}
	ru.send(ctx, "get", request{path: hubsPath + "/" + url.PathEscape(cmp.Or(id, oneOf(r, ru.d.liveIDs))), want: http.StatusOK,
		check: checkVersion(new(int64))})
}

// create adds a hub with a unique name, half the time with an Idempotency-Key (a fresh one,
// so it is never a replay), and puts it in the pool for patches and deletes; rec nil records
// nothing (the hubs made before the load).
func (ru *runner) create(ctx context.Context, r *rand.Rand) {
	_ = ru.createIn(ctx, r, ru.rec)
}

func (ru *runner) createIn(ctx context.Context, r *rand.Rand, rec *recorder) error {
	var id string
	var version int64
	q := request{method: http.MethodPost, path: hubsPath, ctype: "application/json", body: createBody(r, ru.runToken, ru.names.Add(1), ru.d),
		want: http.StatusCreated, check: func(a answer) error {
			var h struct {
				HubID string `json:"hubId"`
			}
			if err := json.Unmarshal(a.body, &h); err != nil || h.HubID == "" {
				return fmt.Errorf("no hubId in %.200s", a.body)
			}
			id = h.HubID
			return checkVersion(&version)(a)
		}}
	if r.IntN(2) == 0 {
		q.header = map[string]string{"Idempotency-Key": uuid.NewString()}
	}
	_, err := ru.c.send(ctx, rec, "create", q)
	if err == nil {
		ru.hubs.add(id, version)
	}
	return err
}

// leased runs change on a hub the soak created and nobody else is writing (or creates one when
// there is none), with the version the soak knows, which is exact under the lease; change
// leaves the version of its last answer and reports whether every answer was right.
func (ru *runner) leased(ctx context.Context, r *rand.Rand, change func(path string, ifMatch map[string]string, version *int64) bool) {
	h, version := ru.hubs.lease(r)
	if h == nil {
		ru.rec.count(&ru.rec.substituted)
		ru.create(ctx, r)
		return
	}
	var ifMatch map[string]string // half the time
	if r.IntN(2) == 0 {
		ifMatch = map[string]string{"If-Match": strconv.Quote(strconv.FormatInt(version, 10))}
	}
	ok := change(hubsPath+"/"+h.id, ifMatch, &version)
	ru.hubs.release(h, version, !ok)
}

// patch sends a merge patch (as application/json one time in four).
func (ru *runner) patch(ctx context.Context, r *rand.Rand) {
	ru.leased(ctx, r, func(path string, ifMatch map[string]string, version *int64) bool {
		ctype := "application/merge-patch+json"
		if r.IntN(4) == 0 {
			ctype = "application/json"
		}
		return ru.send(ctx, "patch", request{method: http.MethodPatch, path: path, header: ifMatch, ctype: ctype,
			body: patchBody(r, ru.runToken, ru.names.Add(1), ru.d), want: http.StatusOK, check: checkVersion(version)})
	})
}

// deleteRestore deletes a hub and restores it at once: the table does not fill up with
// deleted hubs, and every hub ends live.
func (ru *runner) deleteRestore(ctx context.Context, r *rand.Rand) {
	ru.leased(ctx, r, func(path string, ifMatch map[string]string, version *int64) bool {
		return ru.send(ctx, "delete", request{method: http.MethodDelete, path: path, header: ifMatch, want: http.StatusNoContent}) &&
			ru.send(ctx, "restore", request{method: http.MethodPost, path: path + "/restore", want: http.StatusOK, check: checkVersion(version)})
	})
}

// createdHub is a hub the soak created, as the soak last saw it.
type createdHub struct {
	id      string
	version int64 // from the ETag of the last 2xx answer
	leased  bool  // a worker is changing it: nobody else writes it meanwhile
	broken  bool  // a change of it failed: its state is unknown, so it is left alone
}

// hubPool holds the hubs the soak created. A write leases a hub, so no two writes of one hub
// ever overlap: the version the soak knows is then exact, an If-Match with it never meets 412,
// and a PATCH never meets the hub deleted (409) in the middle of a delete+restore.
type hubPool struct {
	mu   sync.Mutex
	hubs []*createdHub
}

func (p *hubPool) add(id string, version int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hubs = append(p.hubs, &createdHub{id: id, version: version})
}

// lease takes a random hub nobody is writing and returns it with its version, or nil when
// every hub is busy. Only its id may be read without the lock; release ends the lease.
func (p *hubPool) lease(r *rand.Rand) (*createdHub, int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.hubs)
	if n == 0 {
		return nil, 0
	}
	start := r.IntN(n)
	for i := range n {
		if h := p.hubs[(start+i)%n]; !h.leased && !h.broken {
			h.leased = true
			return h, h.version
		}
	}
	return nil, 0
}

// release ends a lease with the version the last answer gave, or marks the hub broken.
func (p *hubPool) release(h *createdHub, version int64, broken bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h.leased, h.version, h.broken = false, version, h.broken || broken
}

// randomID is any created hub (busy or not: reads do not lease), or "" when there is none.
func (p *hubPool) randomID(r *rand.Rand) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.hubs) == 0 {
		return ""
	}
	return p.hubs[r.IntN(len(p.hubs))].id
}

// known returns the versions of the hubs whose state the soak knows, for the final check.
func (p *hubPool) known() (versions map[string]int64, broken int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	versions = make(map[string]int64, len(p.hubs))
	for _, h := range p.hubs {
		if h.broken || h.leased {
			broken++
		} else {
			versions[h.id] = h.version
		}
	}
	return versions, broken
}

func (p *hubPool) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.hubs)
}

// cursorChain is a search being paged through by its cursors: the base's filters and sort,
// the next page's cursor, and the pages read so far.
type cursorChain struct {
	base   url.Values
	cursor string
	depth  int
}

// cursorPool holds up to limit chains waiting for their next page; when full, a new chain
// replaces a random old one.
type cursorPool struct {
	mu     sync.Mutex
	chains []cursorChain
	limit  int
}

func (p *cursorPool) put(r *rand.Rand, c cursorChain) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.chains) < p.limit {
		p.chains = append(p.chains, c)
	} else {
		p.chains[r.IntN(len(p.chains))] = c
	}
}

// take removes a random chain, or returns ok false when there is none.
func (p *cursorPool) take(r *rand.Rand) (c cursorChain, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.chains); n > 0 {
		i := r.IntN(n)
		c, p.chains[i] = p.chains[i], p.chains[n-1]
		p.chains = p.chains[:n-1]
		return c, true
	}
	return c, false
}

// dueAt is the scheduled start of operation i of an open-loop load of rate per second.
func dueAt(start time.Time, i int, rate float64) time.Time {
	return start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
}

// openLoop schedules operations at -rate whatever the answers, drawn from the mix with a random
// source seeded from -seed. Each goes to a pool of -workers through a queue as long as the
// pool; when both are full the operation is not sent and counts as late (never silently
// dropped), and one a worker starts more than -late after its time counts as late too. It
// returns when every operation sent has finished, and how long that took from the start; a
// progress line goes to stderr every 30 s.
func (ru *runner) openLoop(ctx context.Context, o options, mem *memSampler) time.Duration {
	type job struct {
		op  soakOp
		due time.Time
	}
	start, jobs := time.Now(), make(chan job, o.workers)
	var wg sync.WaitGroup
	for w := range o.workers {
		r := rand.New(rand.NewPCG(o.seed, uint64(w)+1))
		wg.Go(func() {
			for j := range jobs {
				lag := time.Since(j.due)
				if ru.rec.started(lag, lag > o.lateAfter); ctx.Err() == nil {
					ru.op(ctx, r, j.op)
				}
			}
		})
	}
	progress := time.NewTicker(30 * time.Second)
	defer progress.Stop()
	sched := rand.New(rand.NewPCG(o.seed, 0))
	for i := 0; ctx.Err() == nil && dueAt(start, i, o.rate).Sub(start) < o.duration; i++ {
		due := dueAt(start, i, o.rate)
		time.Sleep(time.Until(due)) // at most one interval: ctx is looked at again right after
		select {
		case jobs <- job{op: soakMix[pickOp(sched, soakMix)], due: due}:
		default:
			ru.rec.count(&ru.rec.notStarted)
		}
		select {
		case <-progress.C:
			sent, errs := ru.rec.counts()
			s, _ := mem.last()
			fmt.Fprintf(os.Stderr, "hubd-load: %3.0fs/%v  sent %d  errors %d  created hubs %d  hubd RSS %.1f MB\n",
				time.Since(start).Seconds(), o.duration, sent, errs, ru.hubs.size(), mb(s.RSSkB))
		default:
		}
	}
	close(jobs)
	wg.Wait() // bounded: each request has requestTimeout, and at most a queue's worth waits
	return time.Since(start)
}

// runSoak picks the parameters, creates 64 hubs for the first patches and deletes, runs the
// open loop while it samples hubd's memory every second, checks the created hubs and stops hubd.
func runSoak(ctx context.Context, o options, e *env, h *header) (report, error) {
	rng := rand.New(rand.NewPCG(o.seed, 1<<32))
	end := e.step("pick parameters and create hubs")
	d, err := pickData(ctx, e.db, rng)
	ru := &runner{c: newClient(e.baseURL, e.token, o.workers), d: d, cursors: cursorPool{limit: 256}, rec: newRecorder(),
		runToken: fmt.Sprintf("%06x", rng.Uint32()&0xffffff)}
	for i := 0; i < 64 && err == nil; i++ {
		err = ru.createIn(ctx, rng, nil)
	}
	if end(); err != nil {
		return nil, err
	}
	end = e.step(fmt.Sprintf("load: %v at %g operations/s", o.duration, o.rate))
	cpuFrom, mem := e.cpuNow(), startMemSampler(e.hubdPID(), time.Second)
	took := ru.openLoop(ctx, o, mem)
	samples, cpu := mem.stop(), cpuBetween(cpuFrom, e.cpuNow(), 0, runtime.NumCPU())
	if end(); ctx.Err() != nil {
		return nil, fmt.Errorf("load interrupted: %w", ctx.Err())
	}
	end = e.step("check the created hubs")
	check := checkCreated(ctx, e.db, &ru.hubs)
	end()
	end = e.step("stop hubd")
	e.stopServe()
	end()
	b, _ := os.ReadFile("/proc/loadavg")
	if avg := strings.Fields(string(b)); len(avg) >= 3 {
		h.Machine.LoadAvg = strings.Join(avg[:3], " ")
	}
	t := ru.rec.totals(soakLabels)
	r := &soakReport{header: h, LoadSeconds: round(took.Seconds(), 2), Scheduled: t.StartLag.N + t.NotStarted, Requests: t,
		Integrity: check, Memory: judgeMemory(samples, o.duration, o.warmup), CPU: cpu, CreatedHubs: ru.hubs.size(),
		HubdLogLines: e.logLines.Load(), HubdStopSeconds: round(e.stopTook.Seconds(), 2),
		ReqPerSec: round(float64(t.Completed)/took.Seconds(), 1), OpsPerSec: round(float64(t.StartLag.N)/took.Seconds(), 1)}
	if e.stopErr != nil {
		r.HubdStopError = e.stopErr.Error()
	}
	r.TotalErrors = t.Errors + check.failures()
	r.RateSustained = float64(t.LateStarted+t.NotStarted) <= lateShareLimit*float64(max(r.Scheduled, 1))
	r.Pass = r.TotalErrors == 0 && !r.Memory.Growing
	return r, nil
}
