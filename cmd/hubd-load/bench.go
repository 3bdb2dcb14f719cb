package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
)

var scenarioKeys = []string{"a", "b", "c", "d", "e", "f-page0", "f-offset", "f-cursor", "depth", "g-km", "g-min", "h-path", "h-row", "i", "j"}

// benchScenario loads the paths next gives (nil for f-cursor: its cursor is found when it runs);
// pgbench runs the repository's statements of the search (SearchStatements at page), or stmts.
type benchScenario struct {
	key, name string
	next      func(w, seq int) string
	search    func(paging.Pageable) (content, count postgres.Statement, err error)
	page      paging.Pageable
	stmts     []postgres.Statement
}

func at(path string, q url.Values) func(int, int) string {
	return func(int, int) string { return path + "?" + q.Encode() }
}

// namePrefix is (b)'s: about 0.4% of synthetic hubs (Latin names of Seoul's Mapo district),
// enough that page 0 is full and needs a count, few enough to be what a person types.
const (
	namePrefix                    = "Seoul Mapo"
	seoulLat, seoulLon, pathsPath = 37.5665, 126.9780, "/api/v1/hub-paths" // (i) asks from 서울 City Hall
	memEvery                      = 100 * time.Millisecond
	noisyCores                    = 0.25 // CPU the rest of the machine may use before a scenario counts as disturbed
	// Each depth of the chart: depthClients for depthDuration after depthWarmup.
	depthClients, depthWarmup, depthDuration = 4, 500 * time.Millisecond, 3 * time.Second
)

// scenarios are (a) to (f) ((f) asks for count=none, to measure paging without a count), (g)
// paths on the 17 hubs, (h) a path and a matrix row across the synthetic network beside
// pgRouting on the same edges, (i) the nearest hubs beside their SQL, and (j) the shipper
// search by hub name (the join with hubs).
func scenarios(p params) []benchScenario {
	managerID, deep := uuid.MustParse(cmp.Or(p.ManagerID, uuid.Nil.String())), fmt.Sprint(p.DeepPage)
	page0 := paging.Pageable{Size: paging.DefaultSize}
	byName, exact := page0, page0
	byName.Sort, exact.Count = paging.Sort{{Property: hub.SortByName}}, paging.CountExact
	path := func(from, to, by string) func(int, int) string {
		return at(pathsPath, url.Values{"from": {from}, "to": {to}, "by": {by}})
	}
	edges := "'SELECT id, source, target, km AS cost FROM bench.edge'"
	var dijkstra, row []postgres.Statement
	if p.PgRouting == "" {
		dijkstra = []postgres.Statement{{SQL: "SELECT count(*) FROM pgr_dijkstra(" + edges + ", $1::bigint, $2::bigint, true)", Args: []any{p.FromV, p.ToV}}}
		row = []postgres.Statement{{SQL: "SELECT count(*) FROM pgr_dijkstraCost(" + edges + ", $1::bigint, (SELECT array_agg(vid) FROM bench.vertex), true)", Args: []any{p.FromV}}}
	}
	hubs := func(c hub.SearchCondition) func(paging.Pageable) (postgres.Statement, postgres.Statement, error) {
		return func(p paging.Pageable) (postgres.Statement, postgres.Statement, error) {
			return hubstore.SearchStatements(c, p)
		}
	}
	shippers := func(p paging.Pageable) (postgres.Statement, postgres.Statement, error) {
		return shipperstore.SearchStatements(shipper.SearchCondition{HubNamePrefix: namePrefix}, p)
	}
	return []benchScenario{
		{key: "a", name: fmt.Sprintf("(a) get by id (%d live hubs in turn)", len(p.HubIDs)),
			next: func(w, seq int) string { return hubsPath + "/" + p.HubIDs[(w*7919+seq)%len(p.HubIDs)] }},
		{key: "b", name: fmt.Sprintf("(b) name prefix %q, page 0, sort=hubName", namePrefix), next: at(hubsPath, url.Values{"hubName": {namePrefix}, "sort": {"hubName"}}),
			search: hubs(hub.SearchCondition{NamePrefix: namePrefix}), page: byName},
		{key: "c", name: "(c) manager filter, page 0", next: at(hubsPath, url.Values{"hubManagerId": {p.ManagerID}}), search: hubs(hub.SearchCondition{ManagerID: &managerID}), page: page0},
		{key: "d", name: "(d) no filter, page 0, count=exact", next: at(hubsPath, url.Values{"count": {"exact"}}), search: hubs(hub.SearchCondition{}), page: exact},
		{key: "e", name: "(e) no filter, page 0, count=estimated", next: at(hubsPath, url.Values{"count": {"estimated"}})},
		{key: "f-page0", name: "(f) page 0, count=none", next: at(hubsPath, url.Values{"count": {"none"}})},
		{key: "f-offset", name: fmt.Sprintf("(f) page=%s, count=none", deep), next: at(hubsPath, url.Values{"count": {"none"}, "page": {deep}})},
		{key: "f-cursor", name: fmt.Sprintf("(f) cursor at page %s, count=none", deep)},
		{key: "g-km", name: "(g) path by distance, 서울 → 부산 (17 hubs)", next: path(p.Seoul, p.Busan, "distance")},
		{key: "g-min", name: "(g) path by duration, 서울 → 부산 (17 hubs)", next: path(p.Seoul, p.Busan, "duration")},
		{key: "h-path", name: fmt.Sprintf("(h) path by distance across the network (%d routes)", p.Routes), next: path(p.From, p.To, "distance"), stmts: dijkstra},
		{key: "h-row", name: "(h) matrix row by distance from one hub", stmts: row,
			next: at(pathsPath+"/matrix", url.Values{"by": {"distance"}, "from": {p.From}})},
		{key: "i", name: "(i) nearest 5 hubs to 서울 City Hall", stmts: []postgres.Statement{hubstore.NearestHubsStatement(seoulLat, seoulLon, 5)},
			next: at(hubsPath+"/nearest", url.Values{"latitude": {fmt.Sprint(seoulLat)}, "longitude": {fmt.Sprint(seoulLon)}, "limit": {"5"}})},
		{key: "j", name: fmt.Sprintf("(j) shippers by hub name prefix %q (the join), page 0", namePrefix), search: shippers, page: page0,
			next: at("/api/v1/shippers", url.Values{"hubName": {namePrefix}})},
	}
}

// params are picked from the loaded data; From, To are the network's southernmost and northernmost
// hubs (FromV, ToV their pgRouting vertices); PgRouting says why there is no baseline.
type params struct {
	HubIDs                               []string `json:"-"`
	ManagerID                            string
	Managers, DeepPage                   int
	PrefixMatches, ManagerHubs, LiveHubs int64
	Seoul, Busan, From, To               string
	FromV, ToV, Routes                   int64
	PgRouting                            string
}

// pickParams chooses (c)'s manager (the median by live hubs) and (f)'s depth (so that a full
// page follows it), and counts (b)'s matches.
func pickParams(ctx context.Context, db *sql.DB) (p params) {
	s := sampleHubs(ctx, db)
	p.HubIDs, p.LiveHubs, p.Managers, p.ManagerID = s.liveIDs, s.live, len(s.managers), s.managers[len(s.managers)/2]
	p.DeepPage = int(max(1, min(deepPage, (p.LiveHubs-1)/int64(paging.DefaultSize)-1)))
	p.ManagerHubs = atoi(must(queryStrings(ctx, db, "SELECT count(*) FROM hubs WHERE NOT is_deleted AND hub_manager_id = $1", p.ManagerID))[0])
	p.PrefixMatches = atoi(must(queryStrings(ctx, db, "SELECT count(*) FROM hubs WHERE NOT is_deleted AND name_key LIKE $1", // the search's own match
		names.Fragment(namePrefix)+"%"))[0])
	return p
}

// pgRoutingSetup numbers the hubs that have routes and copies the live routes as pgRouting's
// edges into a schema of the bench's own: the same edges as hubd's graph, integer-keyed.
const pgRoutingSetup = `CREATE SCHEMA bench;
CREATE TABLE bench.vertex AS SELECT hub_id, row_number() OVER (ORDER BY hub_id) AS vid
	FROM (SELECT DISTINCT departure_hub_id AS hub_id FROM hub_routes WHERE NOT is_deleted) h;
CREATE TABLE bench.edge AS SELECT row_number() OVER (ORDER BY r.route_id) AS id, s.vid AS source, t.vid AS target,
	r.distance_km::float8 AS km, r.duration_minutes::float8 AS minutes
	FROM hub_routes r JOIN bench.vertex s ON s.hub_id = r.departure_hub_id JOIN bench.vertex t ON t.hub_id = r.arrival_hub_id
	WHERE NOT r.is_deleted;
ANALYZE bench.vertex, bench.edge`

// pickNetwork finds the network scenarios' hubs and prepares the pgRouting baseline (without
// pgRouting, a note: the service's side still runs).
func pickNetwork(ctx context.Context, db *sql.DB, p *params) {
	for name, dst := range map[string]*string{"서울특별시 센터": &p.Seoul, "부산광역시 센터": &p.Busan} {
		check(db.QueryRowContext(ctx, "SELECT hub_id::text FROM hubs WHERE NOT is_deleted AND hub_name = $1", name).Scan(dst))
	}
	must(db.ExecContext(ctx, pgRoutingSetup))
	check(db.QueryRowContext(ctx, "SELECT count(*) FROM bench.edge").Scan(&p.Routes))
	for order, dst := range map[string][]any{"": {&p.From, &p.FromV}, "DESC": {&p.To, &p.ToV}} {
		check(db.QueryRowContext(ctx, `SELECT v.hub_id::text, v.vid FROM bench.vertex v JOIN hubs h USING (hub_id)
			WHERE h.hub_name NOT LIKE '% 센터' ORDER BY h.latitude `+order+`, h.hub_id LIMIT 1`).Scan(dst...))
	}
	// CASCADE: Debian's pgRouting requires PostGIS (installed with it), here too only in the bench's database.
	if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE"); err != nil {
		p.PgRouting = "no pgRouting baseline: " + err.Error()
	}
}

// scenarioResult: TotalElements is the probe's answer, Ratio req/s over pgbench's TPS, Note what
// was checked or why something is missing; CPU is nil when the load ended before its warm-up.
type scenarioResult struct {
	Key, Name, Path, Note string
	ReqPerSec             float64
	loadTotals
	TotalElements *int64
	Pgbench       *pgbenchResult
	Ratio         float64
	CPU           *cpuUse
}

// load is client.closedLoop summed up, with the CPU each party used in its measured window.
func (r *scenarioResult) load(ctx context.Context, e *env, c *client, n int, warmup, duration time.Duration, next func(w, seq int) string) {
	snap, perf := make(chan cpuSample, 1), make(chan *exec.Cmd, 1)
	defer time.AfterFunc(warmup, func() { snap <- e.cpuNow(); perf <- e.startPerf(r.Key) }).Stop()
	r.loadTotals = c.closedLoop(ctx, n, warmup, duration, next).totals(nil)
	if len(perf) > 0 {
		stopPerf(<-perf)
	}
	r.ReqPerSec, r.Kinds = float64(r.Latency.N)/duration.Seconds(), nil
	if after := e.cpuNow(); len(snap) > 0 {
		cpu := cpuBetween(<-snap, after, r.Latency.N, runtime.NumCPU())
		r.CPU = &cpu
	}
}

// startPerf records hubd's stacks (`perf record -g`) into -perf's KEY.perf.data; nil without -perf.
func (e *env) startPerf(key string) *exec.Cmd {
	if e.perfDir == "" {
		return nil
	}
	check(os.MkdirAll(e.perfDir, 0o755))                                                                                               //nolint:gosec // G301: a report directory
	cmd := exec.Command("perf", "record", "-g", "-q", "-p", strconv.Itoa(e.hubdPid), "-o", filepath.Join(e.perfDir, key+".perf.data")) //nolint:gosec // G204: our own arguments
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	check(cmd.Start())
	return cmd
}

// stopPerf ends a recording with the interrupt that makes perf write its file.
func stopPerf(cmd *exec.Cmd) {
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(os.Interrupt)
	var exit *exec.ExitError
	if err := cmd.Wait(); err != nil && (!errors.As(err, &exit) || exit.Exited()) { // ended by the interrupt: done
		fmt.Fprintln(os.Stderr, "hubd-load: perf record:", err)
	}
}

// benchReport: PeakRSSMB is hubd's largest sampled VmRSS, VmHWMMB the kernel's peak RSS.
type benchReport struct {
	*header
	Params             params
	Scenarios          []scenarioResult
	Depth              [][3]float64 // page, offset p50 ms, cursor p50 ms (0: no cursor)
	PeakRSSMB, VmHWMMB float64
	MemSamples         int
	// GraphBytes and GraphRoutes are the paths projection's graph as hubd's /metrics tells it
	// (hubd_network_graph_bytes, hubd_network_routes) at the end of the run.
	GraphBytes, GraphRoutes float64
	Targets                 []target
}

// target is one goal and whether the run met it: PASS, MISS or n/a.
type target struct{ Name, Status, Detail string }

func (r *benchReport) passed() bool { return true } // a bench reports; it does not fail

func runBench(ctx context.Context, o options, e *env, h *header) report {
	stopMem := watchMemory(e.hubdPid, memEvery)
	defer stopMem()
	rep := &benchReport{header: h}
	e.step("pick parameters", func() {
		rep.Params = pickParams(ctx, e.db)
		if o.network() {
			pickNetwork(ctx, e.db, &rep.Params)
		}
	})
	c := newClient(e.baseURL, e.token, max(o.Concurrency, depthClients))
	for _, s := range scenarios(rep.Params) {
		if o.wants(s.key) {
			e.step("scenario "+s.name, func() { rep.Scenarios = append(rep.Scenarios, runScenario(ctx, o, e, c, rep.Params, s)) })
		}
	}
	if o.wants("depth") {
		e.step("depth chart", func() { rep.Depth = measureDepth(ctx, e, c, rep.Params.DeepPage) })
	}
	samples := stopMem() // the last one's VmHWM is the kernel's peak of the whole run
	for _, s := range samples {
		rep.PeakRSSMB, rep.VmHWMMB = max(rep.PeakRSSMB, mb(s.RSSkB)), max(rep.VmHWMMB, mb(s.HWMkB))
	}
	rep.MemSamples = len(samples)
	rep.GraphBytes, rep.GraphRoutes = graphMetrics(ctx, e.baseURL)
	rep.Targets = judgeBench(rep)
	return rep
}

// runScenario probes, loads and runs pgbench. A probe of a scenario that is no hub search and
// answers other than 200 is a note (its pgbench baseline still runs), not a failure.
func runScenario(ctx context.Context, o options, e *env, c *client, p params, s benchScenario) scenarioResult {
	res := scenarioResult{Key: s.key, Name: s.name}
	if s.next == nil {
		cur, err := cursorAt(ctx, c, p.DeepPage)
		if err != nil {
			res.Note = "skipped: " + err.Error()
			return res
		}
		s.next = at(hubsPath, url.Values{"count": {"none"}, "cursor": {cur}})
	}
	res.Path = s.next(0, 0)
	switch a, err := c.send(ctx, nil, "", request{path: res.Path, want: http.StatusOK}); {
	case strings.HasPrefix(res.Path, hubsPath+"?"):
		var page pageDoc
		check(cmp.Or(err, checkPage(&page)(a)))
		res.TotalElements = page.Page.TotalElements
	case a.status == http.StatusNotFound && strings.Contains(string(a.body), `"NOT_FOUND"`): // no such route in the router
		res.Note = "not measured: endpoint missing (404)"
	case err != nil:
		res.Note = fmt.Sprintf("not measured: %v", err)
	}
	if res.Note == "" {
		res.load(ctx, e, c, o.Concurrency, o.Warmup, o.Duration, s.next)
		fmt.Fprintf(os.Stderr, "  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors\n", res.ReqPerSec, res.Latency.P50ms, res.Latency.P99ms, res.Errors)
	}
	check(ctx.Err())
	stmts, note := s.stmts, ""
	if s.search != nil {
		stmts, note = searchStatements(ctx, e.db, s, res.TotalElements)
	}
	if len(stmts) > 0 {
		res.Pgbench = must(runPgbench(ctx, e, stmts, o.Concurrency, o.Duration))
		if res.Pgbench.TPS > 0 {
			res.Ratio = res.ReqPerSec / res.Pgbench.TPS
		}
		note = cmp.Or(note, fmt.Sprintf("pgbench on `%.110s…`: %.1f tps, average latency %.2f ms", res.Pgbench.Statements[0], res.Pgbench.TPS, res.Pgbench.LatencyAvgMs))
		res.Note = strings.TrimPrefix(res.Note+"; "+note, "; ")
		fmt.Fprintf(os.Stderr, "  pgbench: %s; %.0f tps, service/pgbench %.2f\n", note, res.Pgbench.TPS, res.Ratio)
	}
	return res
}

// cursorAt continues at page n of count=none: page n-1's nextCursor.
func cursorAt(ctx context.Context, c *client, n int) (string, error) {
	var page pageDoc
	_, err := c.send(ctx, nil, "", request{path: hubsPath + "?" + url.Values{"count": {"none"}, "page": {fmt.Sprint(n - 1)}}.Encode(),
		want: http.StatusOK, check: checkPage(&page)})
	if err == nil && page.Page.NextCursor == "" {
		err = fmt.Errorf("page %d has no page.nextCursor", n-1)
	}
	return page.Page.NextCursor, err
}

// measureDepth loads each depth by page= and by cursor= (page N-1's nextCursor; page 0 is page 0
// for both), count=none as in (f), and keeps the p50s.
func measureDepth(ctx context.Context, e *env, c *client, deep int) (out [][3]float64) {
	for _, d := range depthsUpTo(deep) {
		pt := [3]float64{float64(d)}
		byCursor := at(hubsPath, url.Values{"count": {"none"}})
		if d > 0 {
			cur, err := cursorAt(ctx, c, d)
			if byCursor = at(hubsPath, url.Values{"count": {"none"}, "cursor": {cur}}); err != nil {
				fmt.Fprintf(os.Stderr, "  depth %d: no cursor: %v\n", d, err)
				byCursor = nil
			}
		}
		for i, next := range []func(int, int) string{at(hubsPath, url.Values{"count": {"none"}, "page": {fmt.Sprint(d)}}), byCursor} {
			if next != nil {
				var r scenarioResult
				r.load(ctx, e, c, depthClients, depthWarmup, depthDuration, next)
				if r.Errors > 0 {
					check(fmt.Errorf("depth %d, %s: %d errors, first %s", d, next(0, 0), r.Errors, r.ErrorSample[0]))
				}
				pt[i+1] = r.Latency.P50ms
			}
		}
		check(ctx.Err())
		fmt.Fprintf(os.Stderr, "  page %d: offset p50 %.2f ms, cursor p50 %.2f ms\n", d, pt[1], pt[2])
		out = append(out, pt)
	}
	return out
}

func depthsUpTo(deep int) []int {
	return append(slices.DeleteFunc([]int{0, 100, 1000, 10000, 40000}, func(d int) bool { return d >= deep }), deep)
}

// searchStatements are the repository's statements for a search scenario: the count only when
// paging.Of would run it on the rows returned, checked against the service's total.
func searchStatements(ctx context.Context, db *sql.DB, s benchScenario, total *int64) ([]postgres.Statement, string) {
	content, count, err := s.search(s.page)
	check(err)
	rows, counted := must(queryStrings(ctx, db, "SELECT '' FROM ("+content.SQL+") content", content.Args...)), false
	must(paging.Of(ctx, rows, s.page, func(context.Context) (int64, bool, error) { counted = true; return 0, false, nil }))
	if !counted || count.SQL == "" {
		return []postgres.Statement{content}, "content statement only"
	}
	n := atoi(must(queryStrings(ctx, db, count.SQL, count.Args...))[0])
	note := fmt.Sprintf("content + count statements; count %d = the service's totalElements", n)
	if total != nil && *total != n {
		note = fmt.Sprintf("content + count statements; count %d, but the service answered totalElements %d", n, *total)
	}
	return []postgres.Statement{content, count}, note
}

// placeholder is a $n parameter. Matching the whole number at once is what keeps $1 from
// eating the start of $10.
var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// pgbenchScript renders statements as one transaction, a line each, $n numbered across them as
// :p1, :p2…, and vars their -D values. -M prepared sends them as parameters, as lib/pq does.
func pgbenchScript(stmts []postgres.Statement) (script string, vars []string, err error) {
	var sb strings.Builder
	for _, st := range stmts {
		if st.SQL = strings.Join(strings.Fields(st.SQL), " "); strings.Contains(st.SQL, ";") {
			return "", nil, fmt.Errorf("statement %q: a ; would split it", st.SQL)
		}
		base := len(vars)
		for i, a := range st.Args {
			switch a.(type) {
			case string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool, float64: // text the server casts like lib/pq's
			default:
				return "", nil, fmt.Errorf("argument $%d of %q: unsupported type %T", i+1, st.SQL, a)
			}
			if v := fmt.Sprint(a); !strings.ContainsRune(v, 0) {
				vars = append(vars, fmt.Sprintf("p%d=%s", base+i+1, v))
			} else {
				return "", nil, fmt.Errorf("argument $%d of %q: NUL in %q", i+1, st.SQL, v)
			}
		}
		sb.WriteString(placeholder.ReplaceAllStringFunc(st.SQL, func(m string) string {
			if n, _ := strconv.Atoi(m[1:]); n >= 1 && n <= len(st.Args) {
				return fmt.Sprintf(":p%d", base+n)
			}
			err = fmt.Errorf("%s in %q has no argument", m, st.SQL)
			return m
		}) + ";\n")
	}
	if err != nil {
		return "", nil, err
	}
	return sb.String(), vars, nil
}

// pgbenchResult has the CPU per transaction of PostgreSQL and of pgbench, PostgreSQL's cores and
// the rest of the machine's (pgbench's included).
type pgbenchResult struct {
	TPS, LatencyAvgMs                                         float64
	Transactions                                              int64
	PostgresMsPerTx, ClientMsPerTx, PostgresCores, OtherCores float64
	Statements, Vars                                          []string
}

// runPgbench runs the statements as one transaction, prepared, without vacuum, for d in whole seconds.
func runPgbench(ctx context.Context, e *env, stmts []postgres.Statement, concurrency int, d time.Duration) (*pgbenchResult, error) {
	script, vars, err := pgbenchScript(stmts)
	if err != nil {
		return nil, err
	}
	res := &pgbenchResult{Statements: strings.Split(strings.TrimSpace(script), "\n"), Vars: vars}
	file := filepath.Join(e.tmp, fmt.Sprintf("pgbench-%d.sql", time.Now().UnixNano()))
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		return nil, err
	}
	bin := filepath.Join(e.binDir, "pgbench") // beside the server binaries (Debian), else on PATH
	if _, err := os.Stat(bin); err != nil {
		bin = "pgbench"
	}
	args := []string{"-M", "prepared", "-n", "-c", fmt.Sprint(concurrency), "-j", "2", "-T", fmt.Sprint(max(1, int(math.Round(d.Seconds())))),
		"-f", file, "-h", "127.0.0.1", "-p", fmt.Sprint(e.pg.Port()), "-U", "postgres"}
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	cmd := e.command(ctx, bin, append(args, "postgres")...)
	before := e.cpuNow()
	out, err := cmd.CombinedOutput()
	after := e.cpuNow() // the window includes pgbench's connecting; -T is most of it
	if err != nil {
		return nil, fmt.Errorf("pgbench: %w\n%s", err, out)
	}
	if err = parsePgbench(string(out), res); err == nil && res.Transactions > 0 {
		pg := cpuBetween(before, after, int(res.Transactions), runtime.NumCPU())
		res.PostgresMsPerTx, res.PostgresCores, res.OtherCores = pg.PostgresMsPerReq, pg.Postgres, pg.Other
		res.ClientMsPerTx = round(float64(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())/1e6/float64(res.Transactions), 3)
	}
	return res, err
}

var pgbenchLine = regexp.MustCompile(`(?m)^(tps|latency average|number of transactions actually processed|number of failed transactions)(?: =|:) ([0-9.]+)`)

func parsePgbench(out string, res *pgbenchResult) error {
	m := map[string]string{}
	for _, l := range pgbenchLine.FindAllStringSubmatch(out, -1) {
		m[l[1]] = l[2]
	}
	if m["tps"] == "" {
		return fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	if f := m["number of failed transactions"]; f != "" && f != "0" {
		return fmt.Errorf("pgbench: %s failed transactions:\n%s", f, out)
	}
	res.TPS, _ = strconv.ParseFloat(m["tps"], 64)
	res.LatencyAvgMs, _ = strconv.ParseFloat(m["latency average"], 64)
	res.Transactions, _ = strconv.ParseInt(m["number of transactions actually processed"], 10, 64)
	return nil
}

func (r *benchReport) scenario(key string) *scenarioResult {
	for i, s := range r.Scenarios {
		if s.Key == key && s.Latency.N > 0 {
			return &r.Scenarios[i]
		}
	}
	return &scenarioResult{} // not measured
}

// hubdPerPostgres is hubd's CPU per request over PostgreSQL's; 0: unknown.
func hubdPerPostgres(s *scenarioResult) float64 {
	if s == nil || s.CPU == nil || s.CPU.PostgresMsPerReq <= 0 {
		return 0
	}
	return s.CPU.HubdMsPerReq / s.CPU.PostgresMsPerReq
}

// judgeBench checks the targets of issues 4, 10, 11 and 12.
func judgeBench(r *benchReport) (out []target) {
	judge := func(name string, measured bool, verdict func() (bool, string)) {
		t := target{Name: name, Status: "n/a", Detail: "not measured"}
		if measured {
			ok, detail := verdict()
			t.Status, t.Detail = ifElse(ok, "PASS", "MISS"), detail
		}
		out = append(out, t)
	}
	ratio := func(k, name string, goal float64, format string) {
		s := r.scenario(k)
		judge(name, s.Pgbench != nil && s.Pgbench.TPS > 0, func() (bool, string) {
			return s.Ratio >= goal, fmt.Sprintf(format, s.ReqPerSec, s.Pgbench.TPS, s.Ratio)
		})
	}
	p50 := func(k string) float64 { return r.scenario(k).Latency.P50ms }
	for _, k := range []string{"b", "c", "d"} {
		ratio(k, fmt.Sprintf("(%s) service/pgbench >= 0.5", k), 0.5, "%.0f req/s / %.0f tps = %.2f")
	}
	cur, p0, off := p50("f-cursor"), p50("f-page0"), p50("f-offset")
	judge("(f) cursor p50 <= 1.5 x page-0 p50", cur > 0 && p0 > 0, func() (bool, string) {
		d := fmt.Sprintf("cursor at page %d %.2f ms / page 0 %.2f ms = %.2fx", r.Params.DeepPage, cur, p0, cur/p0)
		if off > 0 {
			d += fmt.Sprintf("; offset page %d: %.2f ms = %.1fx", r.Params.DeepPage, off, off/p0)
		}
		return cur <= 1.5*p0, d
	})
	est, exact := p50("e"), p50("d")
	judge("(e) estimated p50 <= 0.1 x exact p50 (d)", est > 0 && exact > 0, func() (bool, string) {
		return est <= 0.1*exact, fmt.Sprintf("%.2f ms / %.2f ms = %.3f", est, exact, est/exact)
	})
	judge("peak hubd RSS <= 100 MB", true, func() (bool, string) {
		peak := max(r.VmHWMMB, r.PeakRSSMB)
		return peak > 0 && peak <= 100, fmt.Sprintf("VmHWM %.1f MB, largest sampled VmRSS %.1f MB (%d samples every %s)",
			r.VmHWMMB, r.PeakRSSMB, r.MemSamples, memEvery)
	})
	var details []string
	pass := true
	for _, s := range []*scenarioResult{r.scenario("c"), r.scenario("f-page0")} {
		if q := hubdPerPostgres(s); q > 0 {
			details = append(details, fmt.Sprintf("%s %.3f / %.3f ms = %.2f", strings.SplitN(s.Name, ",", 2)[0], s.CPU.HubdMsPerReq, s.CPU.PostgresMsPerReq, q))
			pass = pass && q <= 1
		}
	}
	judge("(c), (f) page 0: hubd CPU per request <= PostgreSQL's", len(details) > 0, func() (bool, string) {
		return pass, strings.Join(details, "; ")
	})
	ratio("h-path", "(h) path req/s >= 10 x pgr_dijkstra TPS", 10, "%.0f req/s / %.1f tps = %.1f")
	judge("(h) graph memory per route <= 256 B", r.GraphRoutes > 0 && r.scenario("h-path").Latency.N > 0, func() (bool, string) {
		per := r.GraphBytes / r.GraphRoutes
		return per <= 256, fmt.Sprintf("%.0f bytes / %.0f routes = %.1f B per route (hubd_network_graph_bytes)", r.GraphBytes, r.GraphRoutes, per)
	})
	near, get := p50("i"), p50("a")
	judge("(i) nearest p50 <= 2 x get-by-id p50 (a)", near > 0 && get > 0, func() (bool, string) {
		return near <= 2*get, fmt.Sprintf("%.2f ms / %.2f ms = %.2f", near, get, near/get)
	})
	ratio("j", "(j) service/pgbench >= 0.5", 0.5, "%.0f req/s / %.0f tps = %.2f") // last: the tests index the targets
	return out
}

func (r *benchReport) print(w *bytes.Buffer) {
	o, p := r.Options, r.Params
	fmt.Fprintf(w, "\n## hubd bench, %s\n\nMachine: %s. %d + 17 hubs loaded, and %d in a network of %d routes (%d live in all).\n"+
		"The load generator, hubd and PostgreSQL share these cores. Load: %v per scenario after %v warm-up, %v clients; pgbench -M prepared -c %v -j 2 -T %v.\n"+
		"Parameters: prefix %q (%d live matches), manager %s (%d live hubs, median of %d managers), deep page %d.\n\n"+
		"| scenario | req/s | p50 ms | p99 ms | errors | pgbench TPS | service/pgbench |\n|---|--:|--:|--:|--:|--:|--:|\n",
		r.Started.Format(time.RFC3339), r.Machine, o.Hubs, netHubs, p.Routes, p.LiveHubs, o.Duration, o.Warmup, o.Concurrency, o.Concurrency, o.Duration,
		namePrefix, p.PrefixMatches, p.ManagerID, p.ManagerHubs, p.Managers, p.DeepPage)
	for _, s := range r.Scenarios {
		tps, ratio := "", ""
		if s.Pgbench != nil {
			tps, ratio = fmt.Sprintf("%.0f", s.Pgbench.TPS), fmt.Sprintf("%.2f", s.Ratio)
		}
		if s.Latency.N == 0 {
			fmt.Fprintf(w, "| %s | – | – | – | – | %s | – |\n", s.Name, cmp.Or(tps, "–"))
			continue
		}
		errs := fmt.Sprint(s.Errors) + ifElse(s.Errors > 0, fmt.Sprintf(" %v", s.ErrorKinds), "")
		fmt.Fprintf(w, "| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n", s.Name, s.ReqPerSec, s.Latency.P50ms, s.Latency.P99ms, errs, tps, ratio)
	}
	// Where the CPU went: on a machine whose cores all three parties share, this is what bounds
	// the service/pgbench ratio.
	fmt.Fprint(w, "\nCPU ms per request (cores busy) in the measured window; under pgbench, per transaction:\n",
		"Other is the rest of the machine in cores (pgbench's client is in it): noise when not near 0.\n\n",
		"| scenario | load generator | hubd | PostgreSQL | hubd/PostgreSQL | other | pgbench: PostgreSQL | pgbench client | pgbench: other |\n",
		"|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, s := range r.Scenarios {
		if c := s.CPU; c != nil {
			pgb, cl, po, q := "", "", "", hubdPerPostgres(&s)
			if p := s.Pgbench; p != nil {
				pgb, cl, po = fmt.Sprintf("%.3f (%.2f)", p.PostgresMsPerTx, p.PostgresCores), fmt.Sprintf("%.3f", p.ClientMsPerTx), fmt.Sprintf("%.2f", p.OtherCores)
			}
			ratio := ifElse(q > 0, fmt.Sprintf("%.2f", q), "")
			fmt.Fprintf(w, "| %s | %.3f (%.2f) | %.3f (%.2f) | %.3f (%.2f) | %s | %.2f | %s | %s | %s |\n", s.Name, c.LoadGenMsPerReq, c.LoadGen,
				c.HubdMsPerReq, c.Hubd, c.PostgresMsPerReq, c.Postgres, ratio, c.Other, pgb, cl, po)
		}
	}
	fmt.Fprintln(w, "\nTargets:")
	for _, t := range r.Targets {
		fmt.Fprintf(w, "- %s %s: %s\n", t.Status, t.Name, t.Detail)
	}
	fmt.Fprintln(w, "\nNotes:")
	if p.PgRouting != "" {
		fmt.Fprintf(w, "- %s\n", p.PgRouting)
	}
	for _, s := range r.Scenarios {
		if s.Note != "" {
			fmt.Fprintf(w, "- %s: %s\n", s.Name, s.Note)
		}
		if len(s.ErrorSample) > 0 {
			fmt.Fprintf(w, "- %s: first error %s\n", s.Name, s.ErrorSample[0])
		}
		if s.CPU != nil && s.CPU.Other > noisyCores {
			fmt.Fprintf(w, "- %s: other processes used %.2f cores meanwhile; its figures are disturbed\n", s.Name, s.CPU.Other)
		}
	}
	if len(r.Depth) > 0 {
		fmt.Fprintf(w, "\nLatency against depth (p50 ms, %v at %v clients each, count=none):\n\n| page | offset | cursor |\n|--:|--:|--:|\n",
			depthDuration, depthClients)
		for _, d := range r.Depth {
			fmt.Fprintf(w, "| %.0f | %.2f | %.2f |\n", d[0], d[1], d[2])
		}
	}
	fmt.Fprintf(w, "\nPhases: %s; total %.1fs.\n\n", strings.Join(r.Phases, "; "), r.TotalSeconds)
}

// graphMetrics reads the projection's graph size from hubd's /metrics; zeros when it cannot.
func graphMetrics(ctx context.Context, baseURL string) (bytes, routes float64) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/metrics", nil)
	if err != nil {
		return 0, 0
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0
	}
	defer func() { _ = res.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	for line := range strings.SplitSeq(string(body), "\n") {
		name, value, _ := strings.Cut(line, " ")
		switch name {
		case "hubd_network_graph_bytes":
			bytes, _ = strconv.ParseFloat(value, 64)
		case "hubd_network_routes":
			routes, _ = strconv.ParseFloat(value, 64)
		}
	}
	return bytes, routes
}
