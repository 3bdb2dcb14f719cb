package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// scenarioKeys are the names -scenarios takes.
var scenarioKeys = []string{"a", "b", "c", "d", "e", "f-page0", "f-offset", "f-cursor", "depth", "g-km", "g-min", "h-path", "h-row", "i"}

// benchScenario is a closed-loop load on the paths next gives (by worker and sequence); pgbench
// runs twin (the repository call behind a search) or stmts; skip: why the service is not loaded.
type benchScenario struct {
	key, name string
	next      func(w, seq int) string // nil for f-cursor: its cursor is found when it runs
	twin      *sqlTwin
	stmts     []postgres.Statement
	skip      string
}

// sqlTwin is the repository call behind a search scenario.
type sqlTwin struct {
	cond     hub.SearchCondition
	pageable paging.Pageable
}

// fixed is the same search path for every request.
func fixed(q url.Values) func(int, int) string { return at(hubsPath, q) }

// at is the same request of path with query q every time.
func at(path string, q url.Values) func(int, int) string {
	return func(int, int) string { return path + "?" + q.Encode() }
}

// benchScenarios are (a) to (f); (f) asks for count=none, to measure paging without a count.
func benchScenarios(p params) []benchScenario {
	managerID, deep := uuid.MustParse(p.ManagerID), fmt.Sprint(p.DeepPage)
	page0 := paging.Pageable{Size: paging.DefaultSize}
	byName, exact := page0, page0
	byName.Sort, exact.Count = paging.Sort{{Property: hub.SortByName}}, paging.CountExact
	return []benchScenario{
		{"a", fmt.Sprintf("(a) get by id (%d live hubs in turn)", len(p.HubIDs)),
			func(w, seq int) string { return hubsPath + "/" + p.HubIDs[(w*7919+seq)%len(p.HubIDs)] }, nil, nil, ""},
		{"b", fmt.Sprintf("(b) name prefix %q, page 0, sort=hubName", p.NamePrefix), fixed(url.Values{"hubName": {p.NamePrefix}, "sort": {"hubName"}}),
			&sqlTwin{hub.SearchCondition{NamePrefix: p.NamePrefix}, byName}, nil, ""},
		{"c", "(c) manager filter, page 0", fixed(url.Values{"hubManagerId": {p.ManagerID}}), &sqlTwin{hub.SearchCondition{ManagerID: &managerID}, page0}, nil, ""},
		{"d", "(d) no filter, page 0, count=exact", fixed(url.Values{"count": {"exact"}}), &sqlTwin{hub.SearchCondition{}, exact}, nil, ""},
		{"e", "(e) no filter, page 0, count=estimated", fixed(url.Values{"count": {"estimated"}}), nil, nil, ""},
		{"f-page0", "(f) page 0, count=none", fixed(url.Values{"count": {"none"}}), nil, nil, ""},
		{"f-offset", fmt.Sprintf("(f) page=%s, count=none", deep), fixed(url.Values{"count": {"none"}, "page": {deep}}), nil, nil, ""},
		{"f-cursor", fmt.Sprintf("(f) cursor at page %s, count=none", deep), nil, nil, nil, ""},
	}
}

// Bounds of a "moderate" name prefix: enough matches that page 0 is full and needs a count,
// few enough to be something a person types to narrow a list.
const prefixMinMatches, prefixMaxMatches = paging.DefaultSize + 1, 5000

// params are the realistic request parameters picked from the loaded data: (a) cycles through
// SampledHubIDs live hubs, DeepPage is the page of (f), lower than -deep-page when the data ends before it.
type params struct {
	HubIDs                               []string `json:"-"`
	NamePrefix, ManagerID                string
	SampledHubIDs, Managers, DeepPage    int
	PrefixMatches, ManagerHubs, LiveHubs int64
	Net                                  netParams
}

// pickParams chooses (b)'s prefix, (c)'s manager (the median by live hubs) and (f)'s depth,
// capped so that the page exists and has a full page after it.
func pickParams(ctx context.Context, db *sql.DB, o options) (p params, err error) {
	s, err := sampleHubs(ctx, db)
	if err != nil {
		return p, err
	}
	p.HubIDs, p.SampledHubIDs, p.LiveHubs, p.Managers, p.ManagerID = s.liveIDs, len(s.liveIDs), s.live, len(s.managers), s.managers[len(s.managers)/2]
	p.DeepPage = int(max(1, min(int64(o.DeepPage), (p.LiveHubs-1)/int64(paging.DefaultSize)-1)))
	if err = db.QueryRowContext(ctx, "SELECT count(*) FROM hubs WHERE NOT is_deleted AND hub_manager_id = $1", p.ManagerID).Scan(&p.ManagerHubs); err != nil {
		return p, err
	}
	p.NamePrefix, p.PrefixMatches, err = pickPrefix(ctx, db, p.LiveHubs)
	return p, err
}

// pickPrefix is the shortest prefix (2 characters at least) with at most prefixMaxMatches live
// matches of the name 37% through name order: the same in every run with the same -hubs.
func pickPrefix(ctx context.Context, db *sql.DB, live int64) (string, int64, error) {
	var name string
	if err := db.QueryRowContext(ctx,
		"SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY name_key LIMIT 1 OFFSET $1", live*37/100).Scan(&name); err != nil {
		return "", 0, fmt.Errorf("pick a name: %w", err)
	}
	runes := []rune(name)
	best, bestN := "", int64(0)
	for l := 2; l <= len(runes); l++ {
		prefix := string(runes[:l])
		if strings.HasSuffix(prefix, " ") {
			continue // nobody stops typing on a space
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM hubs
			WHERE NOT is_deleted AND name_key LIKE $1 LIMIT $2) capped`,
			likeEscape(names.Fragment(prefix))+"%", prefixMaxMatches*100).Scan(&n); err != nil { // the search's own match
			return "", 0, fmt.Errorf("count prefix %q: %w", prefix, err)
		}
		if n < prefixMinMatches && best != "" {
			break
		}
		if best, bestN = prefix, n; n <= prefixMaxMatches {
			break
		}
	}
	return best, bestN, nil
}

// likeEscape makes \, % and _ literal in a LIKE pattern, as the service does.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// loadResult is what one fixed-duration closed-loop load measured; N is its requests.
type loadResult struct {
	latency
	ReqPerSec  float64
	Errors     int
	ErrorKinds map[string]int // by status code or "transport"…
	FirstError string
}

// closedLoad is client.closedLoop summed up, with the CPU each party used in its measured
// window (nil when the load ended before its warm-up did).
func closedLoad(ctx context.Context, e *env, c *client, n int, warmup, duration time.Duration, next func(w, seq int) string) (loadResult, *cpuUse) {
	snap := make(chan cpuSample, 1)
	defer time.AfterFunc(warmup, func() { snap <- e.cpuNow() }).Stop()
	t := c.closedLoop(ctx, n, warmup, duration, next).totals(nil)
	r := loadResult{latency: t.Latency, ReqPerSec: float64(t.Latency.N) / duration.Seconds(), Errors: t.Errors, ErrorKinds: t.ErrorKinds,
		FirstError: strings.Join(t.ErrorSample[:min(1, len(t.ErrorSample))], "")}
	if after := e.cpuNow(); len(snap) > 0 {
		cpu := cpuBetween(<-snap, after, r.N, runtime.NumCPU())
		return r, &cpu
	}
	return r, nil
}

// scenarioResult is a row of the report: TotalElements is the probe's answer, Ratio req/s over
// pgbench's TPS, Note what was checked or why something is missing.
type scenarioResult struct {
	Key, Name, Path, Note string
	loadResult
	TotalElements *int64
	Pgbench       *pgbenchResult
	Ratio         float64
	CPU           *cpuUse
}

// benchReport is every figure of a bench run.
type benchReport struct {
	*header
	Params    params
	Scenarios []scenarioResult
	Depth     []depthPoint
	Memory    struct { // the largest sampled VmRSS and the kernel's peak RSS of the process
		PeakRSSMB, VmHWMMB float64
		Samples            int
		Interval           string
	}
	Targets []target
}

// target is one goal and whether the run met it: PASS, MISS or n/a.
type target struct{ Name, Status, Detail string }

func (r *benchReport) passed() bool { return true } // a bench reports; it does not fail

// runBench picks the parameters, runs the scenarios and the depths while it watches hubd's
// memory, and judges.
func runBench(ctx context.Context, o options, e *env, h *header) (report, error) {
	mem := startMemSampler(e.hubdPID(), 100*time.Millisecond)
	defer mem.stop()
	rep := &benchReport{header: h}
	end := e.step("pick parameters")
	p, err := pickParams(ctx, e.db, o)
	if end(); err != nil {
		return nil, err
	}
	end = e.step("prepare the network scenarios")
	p.Net, err = pickNetwork(ctx, e.db, o)
	if end(); err != nil {
		return nil, err
	}
	rep.Params = p
	c := newClient(e.baseURL, e.token, max(o.Concurrency, depthClients))
	for _, s := range append(benchScenarios(p), netScenarios(p)...) {
		if o.wants(s.key) {
			end := e.step("scenario " + s.name)
			res, err := runScenario(ctx, o, e, c, p, s)
			if end(); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			rep.Scenarios = append(rep.Scenarios, res)
		}
	}
	if o.wants("depth") {
		end = e.step("depth chart")
		rep.Depth, err = measureDepth(ctx, o, e, c, p)
		if end(); err != nil {
			return nil, err
		}
	}
	mem.sample() // VmHWM now: the kernel's peak of the whole run
	samples := mem.stop()
	for _, s := range samples {
		rep.Memory.PeakRSSMB, rep.Memory.VmHWMMB = max(rep.Memory.PeakRSSMB, mb(s.RSSkB)), max(rep.Memory.VmHWMMB, mb(s.HWMkB))
	}
	rep.Memory.Samples, rep.Memory.Interval = len(samples), mem.every.String()
	rep.Targets = judgeBench(rep)
	return rep, nil
}

// runScenario probes, loads and runs pgbench. A probe of a scenario that is no hub search and
// answers other than 200 is a note (its pgbench baseline still runs), not a failure.
func runScenario(ctx context.Context, o options, e *env, c *client, p params, s benchScenario) (scenarioResult, error) {
	res := scenarioResult{Key: s.key, Name: s.name, Note: s.skip}
	if s.next == nil {
		cur, err := cursorAt(ctx, c, url.Values{"count": {"none"}}, p.DeepPage)
		if err != nil {
			res.Note = "skipped: " + err.Error()
			return res, nil
		}
		s.next = fixed(url.Values{"count": {"none"}, "cursor": {cur}})
	}
	res.Path = s.next(0, 0)
	switch a, err := c.send(ctx, nil, "", request{path: res.Path, want: http.StatusOK}); {
	case s.skip != "":
	case strings.HasPrefix(res.Path, hubsPath+"?"):
		var page pageDoc
		if err = cmp.Or(err, checkPage(&page)(a)); err != nil {
			return res, fmt.Errorf("probe: %w", err)
		}
		res.TotalElements = page.Page.TotalElements
	case a.status == http.StatusNotFound && strings.Contains(string(a.body), `"NOT_FOUND"`): // no such route in the router
		res.Note = "not measured: endpoint missing (404)"
	case err != nil:
		res.Note = fmt.Sprintf("not measured: %v", err)
	}
	if res.Note == "" {
		res.loadResult, res.CPU = closedLoad(ctx, e, c, o.Concurrency, o.Warmup, o.Duration, s.next)
		fmt.Fprintf(os.Stderr, "  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors\n", res.ReqPerSec, res.P50ms, res.P99ms, res.Errors)
	}
	var err error
	switch {
	case ctx.Err() != nil:
		return res, ctx.Err()
	case s.twin != nil:
		return res, compareWithPgbench(ctx, o, e, *s.twin, &res)
	case len(s.stmts) > 0:
		if res.Pgbench, err = runPgbench(ctx, e, s.stmts, o.Concurrency, o.Duration); err == nil && res.Pgbench.TPS > 0 {
			res.Note = strings.TrimPrefix(fmt.Sprintf("%s; pgbench on `%.110s…`: %.1f tps, average latency %.2f ms", res.Note, res.Pgbench.Statements[0], res.Pgbench.TPS, res.Pgbench.LatencyAvgMs), "; ")
			res.Ratio = res.ReqPerSec / res.Pgbench.TPS
		}
	}
	return res, err
}

// cursorAt is the cursor that continues at page n: page n-1's nextCursor.
func cursorAt(ctx context.Context, c *client, q url.Values, n int) (string, error) {
	q = maps.Clone(q)
	q.Set("page", fmt.Sprint(n-1))
	page, err := c.getPage(ctx, hubsPath+"?"+q.Encode())
	if err == nil && page.Page.NextCursor == "" {
		err = fmt.Errorf("page %d has no page.nextCursor", n-1)
	}
	if err != nil {
		return "", err
	}
	return page.Page.NextCursor, nil
}

// scenario is the measured row of key, or nil.
func (r *benchReport) scenario(key string) *scenarioResult {
	for i, s := range r.Scenarios {
		if s.Key == key && s.N > 0 {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// hubdPerPostgres is hubd's CPU per request over PostgreSQL's in a scenario's window; 0: unknown.
func hubdPerPostgres(s *scenarioResult) float64 {
	if s == nil || s.CPU == nil || s.CPU.PostgresMsPerReq <= 0 {
		return 0
	}
	return s.CPU.HubdMsPerReq / s.CPU.PostgresMsPerReq
}

// judgeBench checks the targets of issues 4, 10 and 11.
func judgeBench(r *benchReport) (out []target) {
	judge := func(name string, measured bool, verdict func() (bool, string)) {
		t := target{Name: name, Status: "n/a", Detail: "not measured"}
		if measured {
			ok, detail := verdict()
			t.Status, t.Detail = map[bool]string{true: "PASS", false: "MISS"}[ok], detail
		}
		out = append(out, t)
	}
	for _, k := range []string{"b", "c", "d"} {
		s := r.scenario(k)
		judge(fmt.Sprintf("(%s) service/pgbench >= 0.5", k), s != nil && s.Pgbench != nil, func() (bool, string) {
			return s.Ratio >= 0.5, fmt.Sprintf("%.0f req/s / %.0f tps = %.2f", s.ReqPerSec, s.Pgbench.TPS, s.Ratio)
		})
	}
	cur, p0, off := r.scenario("f-cursor"), r.scenario("f-page0"), r.scenario("f-offset")
	judge("(f) cursor p50 <= 1.5 x page-0 p50", cur != nil && p0 != nil && p0.P50ms > 0, func() (bool, string) {
		d := fmt.Sprintf("cursor at page %d %.2f ms / page 0 %.2f ms = %.2fx", r.Params.DeepPage, cur.P50ms, p0.P50ms, cur.P50ms/p0.P50ms)
		if off != nil {
			d += fmt.Sprintf("; offset page %d: %.2f ms = %.1fx", r.Params.DeepPage, off.P50ms, off.P50ms/p0.P50ms)
		}
		return cur.P50ms <= 1.5*p0.P50ms, d
	})
	e, d := r.scenario("e"), r.scenario("d")
	judge("(e) estimated p50 <= 0.1 x exact p50 (d)", e != nil && d != nil && d.P50ms > 0, func() (bool, string) {
		return e.P50ms <= 0.1*d.P50ms, fmt.Sprintf("%.2f ms / %.2f ms = %.3f", e.P50ms, d.P50ms, e.P50ms/d.P50ms)
	})
	m := r.Memory
	judge("peak hubd RSS <= 100 MB", true, func() (bool, string) {
		peak := max(m.VmHWMMB, m.PeakRSSMB)
		return peak > 0 && peak <= 100, fmt.Sprintf("VmHWM %.1f MB, largest sampled VmRSS %.1f MB (%d samples every %s)",
			m.VmHWMMB, m.PeakRSSMB, m.Samples, m.Interval)
	})
	var details []string
	pass := true
	for _, s := range []*scenarioResult{r.scenario("c"), p0} {
		if q := hubdPerPostgres(s); q > 0 {
			details = append(details, fmt.Sprintf("%s %.3f / %.3f ms = %.2f", strings.SplitN(s.Name, ",", 2)[0], s.CPU.HubdMsPerReq, s.CPU.PostgresMsPerReq, q))
			pass = pass && q <= 1
		}
	}
	judge("(c), (f) page 0: hubd CPU per request <= PostgreSQL's", len(details) > 0, func() (bool, string) {
		return pass, strings.Join(details, "; ")
	})
	path, near, get := r.scenario("h-path"), r.scenario("i"), r.scenario("a")
	judge("(h) path req/s >= 10 x pgr_dijkstra TPS", path != nil && path.Pgbench != nil && path.Pgbench.TPS > 0, func() (bool, string) {
		return path.Ratio >= 10, fmt.Sprintf("%.0f req/s / %.1f tps = %.1f", path.ReqPerSec, path.Pgbench.TPS, path.Ratio)
	})
	judge("(i) nearest p50 <= 2 x get-by-id p50 (a)", near != nil && get != nil && get.P50ms > 0, func() (bool, string) {
		return near.P50ms <= 2*get.P50ms, fmt.Sprintf("%.2f ms / %.2f ms = %.2f", near.P50ms, get.P50ms, near.P50ms/get.P50ms)
	})
	return out
}

// noisyCores is how much CPU the rest of the machine may use before a scenario counts as disturbed.
const noisyCores = 0.25

// print writes the markdown report.
func (r *benchReport) print(w *bytes.Buffer) {
	m := r.Machine
	fmt.Fprintf(w, "\n## hubd bench, %s\n\n", r.Started.Format(time.RFC3339))
	fmt.Fprintf(w, "Machine: %s, %d cores, %d MB RAM; %s; PostgreSQL %s; %s. %d + 17 hubs loaded, and %d in a network of %d routes (%d live in all).\n",
		m.CPU, m.Cores, m.RAMMB, m.GoVersion, m.PostgreSQL, m.OS, r.Options.Hubs, r.Options.NetHubs, r.Params.Net.Routes, r.Params.LiveHubs)
	fmt.Fprintf(w, "The load generator, hubd and PostgreSQL share these %d cores. Load: %v per scenario after %v warm-up, %v clients; pgbench -M prepared -c %v -j 2 -T %v.\n",
		m.Cores, r.Options.Duration, r.Options.Warmup, r.Options.Concurrency, r.Options.Concurrency, r.Options.Duration)
	fmt.Fprintf(w, "Parameters: prefix %q (%d live matches), manager %s (%d live hubs, median of %d managers), deep page %d.\n\n",
		r.Params.NamePrefix, r.Params.PrefixMatches, r.Params.ManagerID, r.Params.ManagerHubs, r.Params.Managers, r.Params.DeepPage)
	fmt.Fprintln(w, "| scenario | req/s | p50 ms | p99 ms | errors | pgbench TPS | service/pgbench |\n|---|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Scenarios {
		if s.N == 0 {
			tps := "–"
			if s.Pgbench != nil {
				tps = fmt.Sprintf("%.1f", s.Pgbench.TPS)
			}
			fmt.Fprintf(w, "| %s | – | – | – | – | %s | – |\n", s.Name, tps)
			continue
		}
		tps, ratio := "", ""
		if s.Pgbench != nil {
			tps, ratio = fmt.Sprintf("%.0f", s.Pgbench.TPS), fmt.Sprintf("%.2f", s.Ratio)
		}
		errs := fmt.Sprint(s.Errors)
		if s.Errors > 0 {
			errs += fmt.Sprintf(" %v", s.ErrorKinds)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n", s.Name, s.ReqPerSec, s.P50ms, s.P99ms, errs, tps, ratio)
	}
	// Where the CPU went: on a machine whose cores all three parties share, this is what bounds
	// the service/pgbench ratio.
	fmt.Fprintln(w, "\nCPU ms per request (cores busy) in the measured window; under pgbench, per transaction:")
	fmt.Fprintln(w, "Other is the rest of the machine in cores (pgbench's client is in it): noise when not near 0.")
	fmt.Fprintln(w, "\n| scenario | load generator | hubd | PostgreSQL | hubd/PostgreSQL | other | pgbench: PostgreSQL | pgbench client | pgbench: other |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Scenarios {
		if c := s.CPU; c != nil {
			pgb, cl, po, ratio := "", "", "", ""
			if p := s.Pgbench; p != nil {
				pgb, cl, po = fmt.Sprintf("%.3f (%.2f)", p.PostgresMsPerTx, p.PostgresCores), fmt.Sprintf("%.3f", p.ClientMsPerTx), fmt.Sprintf("%.2f", p.OtherCores)
			}
			if q := hubdPerPostgres(&s); q > 0 {
				ratio = fmt.Sprintf("%.2f", q)
			}
			fmt.Fprintf(w, "| %s | %.3f (%.2f) | %.3f (%.2f) | %.3f (%.2f) | %s | %.2f | %s | %s | %s |\n", s.Name, c.LoadGenMsPerReq, c.LoadGen,
				c.HubdMsPerReq, c.Hubd, c.PostgresMsPerReq, c.Postgres, ratio, c.Other, pgb, cl, po)
		}
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range r.Targets {
		fmt.Fprintf(w, "- %s %s: %s\n", t.Status, t.Name, t.Detail)
	}
	fmt.Fprintln(w, "\nNotes:")
	if r.Params.Net.PgRouting != "" {
		fmt.Fprintf(w, "- %s\n", r.Params.Net.PgRouting)
	}
	for _, s := range r.Scenarios {
		if s.Note != "" {
			fmt.Fprintf(w, "- %s: %s\n", s.Name, s.Note)
		}
		if s.FirstError != "" {
			fmt.Fprintf(w, "- %s: first error %s\n", s.Name, s.FirstError)
		}
		if s.CPU != nil && s.CPU.Other > noisyCores {
			fmt.Fprintf(w, "- %s: other processes used %.2f cores meanwhile; its figures are disturbed\n", s.Name, s.CPU.Other)
		}
	}
	if len(r.Depth) > 0 {
		fmt.Fprintf(w, "\nLatency against depth (p50 ms, %v at %v clients each, count=none):\n\n| page | offset | cursor |\n|--:|--:|--:|\n",
			r.Options.DepthDuration, depthClients)
		for _, d := range r.Depth {
			fmt.Fprintf(w, "| %d | %.2f | %.2f |\n", d.Page, d.OffsetMs, d.CursorMs)
		}
	}
	fmt.Fprintf(w, "\nPhases:")
	for _, p := range r.Phases {
		fmt.Fprintf(w, " %s %.1fs;", p.Name, p.Seconds)
	}
	fmt.Fprintf(w, " total %.1fs.\n\n", r.TotalSeconds)
}
