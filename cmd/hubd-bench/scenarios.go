package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// hubsPath is the search endpoint.
const hubsPath = "/api/v1/hubs"

// scenarioResult is one row of the report.
type scenarioResult struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Path string `json:"path"` // a request of the scenario (for (a), one of the sampled ids)
	loadResult
	// TotalElements is what a probe request before the load answered, when it says.
	TotalElements *int64 `json:"totalElements,omitempty"`
	// Pgbench ran the scenario's statements, for (b), (c) and (d).
	Pgbench *pgbenchResult `json:"pgbench,omitempty"`
	// Ratio is req/s over pgbench's TPS.
	Ratio float64 `json:"servicePerPgbench,omitempty"`
	// CPU is what the load generator, hubd and PostgreSQL used during the measured window.
	CPU *cpuShare `json:"cpu,omitempty"`
	// Note says what was checked or why something is missing.
	Note string `json:"note,omitempty"`
}

// scenarioKeys are the names -scenarios and -perf take.
var scenarioKeys = []string{"a", "b", "c", "d", "e", "f-page0", "f-offset", "f-cursor", "depth"}

// sqlTwin is the repository call behind a search scenario, for pgbench.
type sqlTwin struct {
	cond     hub.SearchCondition
	pageable paging.Pageable
}

// runScenarios runs (a) to (f) in order, each after a probe request, and pgbench after (b),
// (c) and (d). Paging scenarios (f) ask for count=none, so they measure paging alone and not a
// count of every hub that would otherwise dominate page 0 and the cursor page alike.
func runScenarios(ctx context.Context, o options, b *bench, c *client, p params, rep *report, clock *phases) error {
	managerID := uuid.MustParse(p.ManagerID)
	search := func(q url.Values) string { return hubsPath + "?" + q.Encode() }
	deep := fmt.Sprint(p.DeepPage)
	type scenario struct {
		key, name, path string
		twin            *sqlTwin
		next            func(w, seq int) string
	}
	list := []scenario{
		{key: "a", name: fmt.Sprintf("(a) get by id (%d live hubs in turn)", len(p.HubIDs)),
			next: func(w, seq int) string { return hubsPath + "/" + p.HubIDs[(w*7919+seq)%len(p.HubIDs)] }},
		{key: "b", name: fmt.Sprintf("(b) name prefix %q, page 0, sort=hubName", p.NamePrefix),
			path: search(url.Values{"hubName": {p.NamePrefix}, "sort": {"hubName"}}),
			twin: &sqlTwin{hub.SearchCondition{NamePrefix: p.NamePrefix},
				paging.Pageable{Size: paging.DefaultSize, Sort: paging.Sort{{Property: hub.SortByName}}}}},
		{key: "c", name: "(c) manager filter, page 0",
			path: search(url.Values{"hubManagerId": {p.ManagerID}}),
			twin: &sqlTwin{hub.SearchCondition{ManagerID: &managerID}, paging.Pageable{Size: paging.DefaultSize}}},
		{key: "d", name: "(d) no filter, page 0, count=exact",
			path: search(url.Values{"count": {"exact"}}),
			twin: &sqlTwin{hub.SearchCondition{}, paging.Pageable{Size: paging.DefaultSize, Count: paging.CountExact}}},
		{key: "e", name: "(e) no filter, page 0, count=estimated", path: search(url.Values{"count": {"estimated"}})},
		{key: "f-page0", name: "(f) page 0, count=none", path: search(url.Values{"count": {"none"}})},
		{key: "f-offset", name: fmt.Sprintf("(f) page=%s, count=none", deep),
			path: search(url.Values{"count": {"none"}, "page": {deep}})},
		{key: "f-cursor", name: fmt.Sprintf("(f) cursor at page %s, count=none", deep)},
	}
	for _, s := range list {
		if !o.wants(s.key) {
			continue
		}
		end := clock.start("scenario " + s.name)
		res := scenarioResult{Key: s.key, Name: s.name, Path: s.path}
		if s.key == "f-cursor" {
			cur, err := cursorAt(ctx, c, url.Values{"count": {"none"}}, p.DeepPage)
			if err != nil {
				res.Note = "skipped: " + err.Error()
				rep.Scenarios = append(rep.Scenarios, res)
				end()
				continue
			}
			res.Path = search(url.Values{"count": {"none"}, "cursor": {cur}})
		}
		next := s.next
		if next == nil {
			path := res.Path
			next = func(int, int) string { return path }
		} else {
			res.Path = next(0, 0)
		}
		if s.key != "a" {
			page, err := c.getPage(ctx, res.Path)
			if err != nil {
				return fmt.Errorf("%s: probe: %w", s.name, err)
			}
			res.TotalElements = page.Page.TotalElements
		}
		var prof *profiler
		if o.perf == s.key {
			var err error
			if prof, err = startProfiler(ctx, o.out, s.key, o.warmup, o.duration); err != nil {
				return err
			}
		}
		res.loadResult, res.CPU = loadWithCPU(ctx, b, c, o.concurrency, o.warmup, o.duration, next)
		if prof != nil {
			txt, err := prof.finish(ctx)
			if err != nil {
				return err
			}
			res.Note = "perf profile in " + txt + ". " + res.Note
			fmt.Fprintf(os.Stderr, "  perf profile: %s\n", txt)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors\n", res.ReqPerSec, res.P50ms, res.P99ms, res.Errors)
		if s.twin != nil {
			if err := compareWithPgbench(ctx, o, b, *s.twin, &res); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		rep.Scenarios = append(rep.Scenarios, res)
		end()
	}
	return nil
}

// cursorAt is the cursor that continues at page n: page n-1's nextCursor.
func cursorAt(ctx context.Context, c *client, q url.Values, n int) (string, error) {
	if n < 1 {
		return "", fmt.Errorf("no cursor for page %d", n)
	}
	q2 := url.Values{"page": {fmt.Sprint(n - 1)}}
	for k, v := range q {
		q2[k] = v
	}
	page, err := c.getPage(ctx, hubsPath+"?"+q2.Encode())
	if err != nil {
		return "", err
	}
	if page.Page.NextCursor == "" {
		return "", fmt.Errorf("page %d has no page.nextCursor", n-1)
	}
	return page.Page.NextCursor, nil
}

// compareWithPgbench renders the statements the repository issues for the scenario's request,
// keeps the count statement only when the service runs it for this request (paging.Of decides,
// on the rows the content statement really returns), checks the count against the total the
// service answered, and runs pgbench on them.
func compareWithPgbench(ctx context.Context, o options, b *bench, t sqlTwin, res *scenarioResult) error {
	content, count, err := postgres.SearchStatements(t.cond, t.pageable)
	if err != nil {
		return err
	}
	rows, err := countRows(ctx, b.db, content)
	if err != nil {
		return fmt.Errorf("content statement: %w", err)
	}
	counted := false
	_, err = paging.Of(ctx, make([]struct{}, rows), t.pageable, func(context.Context) (int64, bool, error) {
		counted = true
		return 0, false, nil
	})
	if err != nil {
		return err
	}
	stmts := []postgres.Statement{content}
	note := "content statement only"
	if counted && count.SQL != "" {
		stmts = append(stmts, count)
		var n int64
		if err := b.db.QueryRowContext(ctx, count.SQL, count.Args...).Scan(&n); err != nil {
			return fmt.Errorf("count statement: %w", err)
		}
		note = fmt.Sprintf("content + count statements; count %d", n)
		if res.TotalElements != nil && *res.TotalElements != n {
			note += fmt.Sprintf(", but the service answered totalElements %d", *res.TotalElements)
		} else if res.TotalElements != nil {
			note += " = the service's totalElements"
		}
	}
	res.Note += note
	fmt.Fprintf(os.Stderr, "  pgbench: %s\n", note)
	pb, err := runPgbench(ctx, b, stmts, o.concurrency, o.duration)
	if err != nil {
		return err
	}
	res.Pgbench = &pb
	if pb.TPS > 0 {
		res.Ratio = res.ReqPerSec / pb.TPS
	}
	fmt.Fprintf(os.Stderr, "  pgbench %.0f tps, service/pgbench %.2f\n", pb.TPS, res.Ratio)
	return nil
}

// countRows runs a statement and counts the rows it returns.
func countRows(ctx context.Context, db *sql.DB, st postgres.Statement) (int, error) {
	rows, err := db.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// loadWithCPU is client.load plus the CPU each party used in its measured window.
func loadWithCPU(ctx context.Context, b *bench, c *client, concurrency int, warmup, duration time.Duration,
	next func(w, seq int) string) (loadResult, *cpuShare) {
	snap := make(chan cpuSample, 1)
	timer := time.AfterFunc(warmup, func() { snap <- b.cpuNow() })
	res := c.load(ctx, concurrency, warmup, duration, next)
	timer.Stop()
	after := b.cpuNow()
	select {
	case before := <-snap:
		cpu := share(before, after, res.Requests)
		return res, &cpu
	default:
		return res, nil
	}
}
