// Command hubd-load puts HTTP load on a fresh hubd: `make bench` and `make soak`.
//
//	go run ./cmd/hubd-load bench [-hubs 1000000] [-duration 10s] [-warmup 2s] [-concurrency 16] [-scenarios a,b,…] [-keep DIR] [-perf DIR]
//	go run ./cmd/hubd-load soak [-hubs 20000] [-duration 3m] [-warmup 10s] [-rate 200]
//
// Both start a fresh hubd on a throwaway PostgreSQL and load it while they watch each process's
// CPU and hubd's memory, then print a markdown report, also written as JSON to $HUBD_DATA_DIR/<mode>
// (default ./.hubd/<mode>). bench is closed-loop, beside pgbench on the service's SQL (and
// pgRouting for paths); soak is open-loop and fails on any wrong answer, a created hub the
// database does not hold, or memory that keeps growing.
package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	_ "github.com/lib/pq" // database/sql driver of the run's own queries

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// options: Only (-scenarios) is nil for all; Seed, random and reported, fixes the soak's mix.
type options struct {
	Mode              string
	Hubs, Concurrency int
	Duration, Warmup  time.Duration
	Only              map[string]bool
	Rate              float64
	Seed              uint64
	// Keep (bench) is a PostgreSQL data directory kept after the run and reused by the next one
	// with the same seeds (no migrate of old data, no seeding, no VACUUM); empty: a throwaway one.
	Keep string
	// ServeEnv (bench) is extra NAME=VALUE settings of hubd serve's environment (GOGC=200,…).
	ServeEnv []string
	// Perf (bench) is a directory for `perf record -g` of hubd in each scenario's measured window.
	Perf string
}

// wants reports whether a bench run includes a scenario key, or "depth" for the chart.
func (o options) wants(key string) bool { return o.Only == nil || o.Only[key] }

func parseFlags(args []string, stderr io.Writer) (o options, err error) {
	if len(args) == 0 || (args[0] != "bench" && args[0] != "soak") {
		return o, errors.New("usage: hubd-load bench|soak [flags] (-h for a mode's flags)")
	}
	o.Mode, o.Seed = args[0], mrand.Uint64()
	bench := o.Mode == "bench"
	fs := flag.NewFlagSet("hubd-load "+o.Mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenarios, hubs, duration, warmup := "all", 1_000_000, 10*time.Second, 2*time.Second
	if bench {
		fs.IntVar(&o.Concurrency, "concurrency", 16, "concurrent HTTP clients, and pgbench -c")
		fs.StringVar(&scenarios, "scenarios", "all", "comma-separated scenarios to run: "+strings.Join(scenarioKeys, ", ")+" (the chart), or all")
		fs.StringVar(&o.Keep, "keep", "", "PostgreSQL data directory to keep, and to reuse when it already holds the same seeds (skips seeding)")
		fs.Func("serve-env", "NAME=VALUE added to hubd serve's environment, repeatable (e.g. GOMAXPROCS=1)", func(v string) error {
			if !strings.Contains(v, "=") {
				return errors.New("want NAME=VALUE")
			}
			o.ServeEnv = append(o.ServeEnv, v)
			return nil
		})
		fs.StringVar(&o.Perf, "perf", "", "directory for a `perf record -g` of hubd per scenario (its measured window): SCENARIO.perf.data")
	} else {
		hubs, duration, warmup = 20_000, 3*time.Minute, 10*time.Second
		fs.Float64Var(&o.Rate, "rate", 200, "operations started per second, whatever the answers")
	}
	fs.IntVar(&o.Hubs, "hubs", hubs, "synthetic hubs to seed (10% of them deleted)")
	fs.DurationVar(&o.Duration, "duration", duration, "bench: measured load per scenario, and pgbench -T; soak: length of the load")
	fs.DurationVar(&o.Warmup, "warmup", warmup, "bench: unmeasured load before each scenario; soak: when the start memory is taken")
	if err := fs.Parse(args[1:]); err != nil {
		return o, err
	}
	if scenarios != "all" {
		o.Only = map[string]bool{}
		for k := range strings.SplitSeq(scenarios, ",") {
			if k = strings.TrimSpace(k); !slices.Contains(scenarioKeys, k) {
				return o, fmt.Errorf("-scenarios: unknown scenario %q", k)
			}
			o.Only[k] = true
		}
	}
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.Hubs < 1000 || o.Warmup < 0:
		err = errors.New("-hubs must be at least 1000, -warmup not negative")
	case bench && (o.Duration <= 0 || o.Concurrency < 1):
		err = errors.New("-duration must be positive, -concurrency at least 1")
	case !bench && (o.Duration < 10*time.Second || o.Warmup >= o.Duration/2): // the memory check compares thirds, sampled every second
		err = errors.New("-duration must be at least 10s, -warmup under half of it")
	case !bench && (o.Rate <= 0 || o.Rate > 10_000):
		err = errors.New("-rate must be above 0 and at most 10000")
	}
	return o, err
}

func reportDir(mode string) string {
	return filepath.Join(cmp.Or(os.Getenv("HUBD_DATA_DIR"), ".hubd"), mode)
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubd-load:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	pass, err := run(ctx, o)
	stop()
	if err != nil || !pass {
		fmt.Fprintln(os.Stderr, "hubd-load:", cmp.Or(err, errors.New("FAIL")))
		os.Exit(1)
	}
}

// fatal ends the run: must panics with it and run recovers it, so a step that cannot go on
// needs no error plumbing, and run's deferred close still stops everything.
type fatal struct{ error }

func must[T any](v T, err error) T {
	check(err)
	return v
}

func check(err error) {
	if err != nil {
		panic(fatal{err})
	}
}

// report is what a mode found; passed is the soak's verdict (a bench only reports).
type report interface {
	print(w *bytes.Buffer)
	passed() bool
}

type header struct {
	Started      time.Time
	Options      options
	Machine      string
	Phases       []string
	TotalSeconds float64
}

// run is setup, the mode's load and its report. A soak is bounded: setup gets 10 minutes, the drain 2.
func run(ctx context.Context, o options) (pass bool, err error) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case fatal:
			err = errors.Join(r.error, err) // after close's, which ran first
		default:
			panic(r)
		}
	}()
	h, mode := &header{Started: time.Now().UTC(), Options: o}, runBench
	if o.Mode == "soak" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 12*time.Minute+o.Duration)
		defer cancel()
		mode = runSoak
	}
	e := &env{}
	defer func() { err = errors.Join(err, e.close()) }()
	e.setup(ctx, o)
	var ram int64
	_, _ = fmt.Sscan(procField(procText("/proc/meminfo"), "MemTotal"), &ram)
	h.Machine = fmt.Sprintf("%d cores, %d MB RAM, %s, PostgreSQL %s", runtime.NumCPU(), ram/1024, runtime.Version(),
		must(queryStrings(ctx, e.db, "SHOW server_version"))[0])
	rep := mode(ctx, o, e, h)
	h.Phases, h.TotalSeconds = e.clock, time.Since(h.Started).Seconds()
	var md bytes.Buffer
	rep.print(&md)
	_, err = md.WriteTo(os.Stdout)
	data := must(json.MarshalIndent(rep, "", "  "))
	dir := reportDir(o.Mode)
	if err == nil {
		err = os.MkdirAll(dir, 0o755) //nolint:gosec // G301: a parent may be the data dir, which the postgres user must traverse
	}
	for _, name := range []string{o.Mode + "-" + h.Started.Format("20060102T150405Z") + ".json", o.Mode + "-latest.json"} {
		if err == nil { // MODE-<start time>.json and MODE-latest.json
			err = os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o600)
			fmt.Println("wrote", filepath.Join(dir, name))
		}
	}
	return rep.passed(), err
}

func ifElse[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func (e *env) step(name string, do func()) {
	t := time.Now()
	fmt.Fprintf(os.Stderr, "hubd-load: %s…\n", name)
	do()
	e.clock = append(e.clock, fmt.Sprintf("%s %.1fs", name, time.Since(t).Seconds()))
}

// env is what a run started: a temporary directory, a throwaway PostgreSQL (binDir has pgbench
// too), hubd serve on it (exited is closed once waited for); close stops it in reverse order,
// also when setup left it half-built.
type env struct {
	tmp, hubdBin, secret, dsn, binDir string
	perfDir                           string   // -perf
	serveEnv                          []string // -serve-env
	pg                                *pglocal.Server
	pgPID, hubdPid                    int // 0 before they run
	db                                *sql.DB
	clock                             []string
	serve                             *exec.Cmd
	exited                            chan struct{}
	baseURL, token                    string // http://127.0.0.1:PORT and a MASTER bearer token
	stopped                           bool
	stopTook                          time.Duration
	exitErr, stopErr                  error
}

// The bench's path network beside -hubs, and the page of (f) (lower when the data ends before it).
const netHubs, routesPerHub, deepPage = 10_000, 6, 40_000 // 6 links a hub: about 52,000 routes

// network says whether the run measures paths ((g) and (h)): only then is the path network
// seeded. make bench measures them in a run of their own beside a small -hubs, so that the
// network's 10,000 hubs are most of the live ones (a matrix row has a cell for every live hub).
func (o options) network() bool {
	if o.Only == nil {
		return true
	}
	for k := range o.Only {
		if strings.HasPrefix(k, "g-") || strings.HasPrefix(k, "h-") {
			return true
		}
	}
	return false
}

func (e *env) setup(ctx context.Context, o options) {
	e.tmp = must(os.MkdirTemp("", "hubd-"+o.Mode+"-"))
	e.hubdBin, e.secret, e.perfDir = filepath.Join(e.tmp, "hubd"), rand.Text()+rand.Text(), o.Perf
	e.serveEnv = o.ServeEnv
	seeds := [][]string{{"seed", "--synthetic", fmt.Sprint(o.Hubs)}}
	if o.Mode == "bench" && o.network() { // the 17 hubs (with their routes), and the synthetic path network
		seeds = append(seeds, []string{"seed"}, []string{"seed", "--synthetic", fmt.Sprint(netHubs), "--routes-per-hub", fmt.Sprint(routesPerHub), "--seed", "2"})
	}
	e.step("build hubd", func() {
		cmd := e.command(ctx, "go", "build", "-o", e.hubdBin, "github.com/hubd/hubd/cmd/hubd")
		cmd.Dir = "" // the module's
		if out, err := cmd.CombinedOutput(); err != nil {
			check(fmt.Errorf("build hubd: %w\n%s", err, out))
		}
	})
	// -keep: a persistent cluster, seeded once; the marker beside it names the seeds it holds.
	marker, seeded := "", false
	if o.Keep != "" {
		marker = filepath.Clean(o.Keep) + ".seeds"
		b, err := os.ReadFile(marker)
		_, pgErr := os.Stat(filepath.Join(o.Keep, "PG_VERSION")) // the cluster itself is still there
		seeded = err == nil && pgErr == nil && string(b) == fmt.Sprint(seeds)
	}
	e.step("start PostgreSQL", func() {
		e.binDir = must(pglocal.FindBinDir())
		po := pglocal.Options{Mode: pglocal.Throwaway, BinDir: e.binDir}
		if o.Keep != "" {
			po.Mode, po.DataDir = pglocal.Persistent, o.Keep
		}
		e.pg = must(pglocal.Start(ctx, po))
		if e.pgPID = int(atoi(strings.SplitN(procText(e.pg.DataDir()+"/postmaster.pid"), "\n", 2)[0])); e.pgPID <= 0 {
			check(errors.New("watch PostgreSQL's CPU: cannot read the postmaster's pid"))
		}
		e.dsn = e.pg.DSN("postgres") // the throwaway server's own database
		e.db = must(sql.Open("postgres", e.dsn))
		e.db.SetMaxOpenConns(2)
		check(e.db.PingContext(ctx))
	})
	if seeded {
		e.step("migrate (reusing the kept seeds)", func() { e.hubd(ctx, "migrate", "up") })
	} else {
		if marker != "" {
			if err := os.Remove(marker); !errors.Is(err, os.ErrNotExist) { // a stale one goes before the seeding
				check(err)
			}
		}
		e.step("migrate and seed", func() {
			for _, args := range append([][]string{{"migrate", "up"}}, seeds...) {
				e.hubd(ctx, args...)
			}
		})
		// COPY leaves the visibility map empty and autovacuum would fill it in the middle of the
		// load: vacuuming now measures the steady state of a long-lived database.
		e.step("VACUUM ANALYZE", func() {
			must(e.db.ExecContext(ctx, "VACUUM (ANALYZE) hubs, hub_routes"))
			must(e.db.ExecContext(ctx, "CHECKPOINT"))
		})
		if marker != "" {
			check(os.WriteFile(marker, []byte(fmt.Sprint(seeds)), 0o600))
		}
	}
	e.step("start hubd serve", func() { e.startServe(ctx) })
}

// environ is ours without HUBD_ settings that could point hubd elsewhere, plus warn-level logs
// (a line is worth reading) and no rate limit (one token drives thousands of requests a second).
func (e *env) environ() []string {
	out := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "HUBD_") })
	return append(out, "HUBD_DATABASE_URL="+e.dsn, "HUBD_DATA_DIR="+filepath.Join(e.tmp, "data"),
		"HUBD_HTTP_ADDR=127.0.0.1:0", "HUBD_JWT_SECRET="+e.secret, "HUBD_LOG_LEVEL=warn", "HUBD_RATE_LIMIT=0")
}

// command is a child process in the temporary directory (where no configs/hubd.yaml changes
// hubd's built-in defaults) that gets an interrupt, then after 10 s SIGKILL, when ctx ends.
func (e *env) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // G204: the load tool runs the hubd it built and pgbench, with arguments of its own
	cmd.Dir, cmd.Env, cmd.WaitDelay = e.tmp, e.environ(), 10*time.Second
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	return cmd
}

// hubd runs one hubd command, its output passed through (seed's progress bar).
func (e *env) hubd(ctx context.Context, args ...string) {
	cmd := e.command(ctx, e.hubdBin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		check(fmt.Errorf("hubd %s: %w", strings.Join(args, " "), err))
	}
}

// startServe runs hubd serve (in a process group of its own: a Ctrl-C is ours, to stop it in
// order), its output into files of tmp, waits for its address and /readyz and gets a MASTER token.
func (e *env) startServe(ctx context.Context) {
	cmd := exec.Command(e.hubdBin, "serve") //nolint:gosec // G204: the hubd binary this tool just built
	cmd.Dir, cmd.Env = e.tmp, append(e.environ(), e.serveEnv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, stderr := must(os.Create(filepath.Join(e.tmp, "serve.out"))), must(os.Create(e.logPath()))
	defer func() { _, _ = stdout.Close(), stderr.Close() }() // hubd has its own copies
	cmd.Stdout, cmd.Stderr = stdout, stderr
	check(cmd.Start())
	e.serve, e.hubdPid, e.exited = cmd, cmd.Process.Pid, make(chan struct{})
	go func() { e.exitErr = cmd.Wait(); close(e.exited) }()
	poll := &http.Client{Timeout: time.Second}
	for ready := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if _, u, ok := strings.Cut(procText(filepath.Join(e.tmp, "serve.out")), "hubd listening on "); ok && e.baseURL == "" {
			e.baseURL = strings.TrimRight(strings.TrimSpace(strings.SplitN(u, "\n", 2)[0]), "/")
			if u, err := url.Parse(e.baseURL); err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
				check(fmt.Errorf("hubd serve listens on %q, not on http://127.0.0.1", e.baseURL))
			}
		}
		if res, err := poll.Get(e.baseURL + "/readyz"); err == nil { // without baseURL, an error
			if _ = res.Body.Close(); res.StatusCode == http.StatusOK { // only the status counts
				break
			}
		}
		select {
		case <-e.exited:
			check(fmt.Errorf("hubd serve exited before it was ready: %w", e.exitErr))
		default:
		}
		if ctx.Err() != nil || time.Now().After(ready) {
			check(fmt.Errorf("hubd not ready: %w", cmp.Or(ctx.Err(), context.DeadlineExceeded)))
		}
	}
	out := must(e.command(ctx, e.hubdBin, "token", "--role", "MASTER", "--sub", uuid.NewString(), "--ttl", "24h").Output())
	e.token = strings.TrimSpace(string(out))
}

// logPath is hubd serve's stderr (warn and above: every line is worth reading).
func (e *env) logPath() string { return filepath.Join(e.tmp, "hubd.log") }

// stopServe sends hubd SIGTERM and waits for it to drain and exit, killing it after 30 s.
func (e *env) stopServe() {
	if e.serve == nil || e.stopped {
		return
	}
	e.stopped = true
	began := time.Now()
	_ = e.serve.Process.Signal(syscall.SIGTERM) // an error means it is gone: exited says how
	select {
	case <-e.exited:
		e.stopErr = e.exitErr
	case <-time.After(30 * time.Second):
		_ = e.serve.Process.Kill()
		<-e.exited
		e.stopErr = errors.New("did not stop within 30s after SIGTERM: killed")
	}
	if e.stopTook = time.Since(began); e.stopErr != nil {
		e.stopErr = fmt.Errorf("hubd serve: %w", e.stopErr)
	}
}

// close stops hubd and PostgreSQL and removes the temporary directory (the run's ctx may be over).
func (e *env) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if !e.stopped {
		e.stopServe()
		errs = append(errs, e.stopErr)
	}
	if log := strings.SplitAfterN(procText(e.logPath()), "\n", 21); log[0] != "" {
		fmt.Fprintf(os.Stderr, "hubd's first log lines:\n%s", strings.Join(log[:min(20, len(log))], ""))
	}
	if e.db != nil {
		errs = append(errs, e.db.Close())
	}
	if e.pg != nil {
		errs = append(errs, e.pg.Stop(ctx))
	}
	return errors.Join(append(errs, os.RemoveAll(e.tmp))...)
}

// sample is what both modes pick their request parameters from: the seeded hubs' counts, up to
// 2000 random live ids, every manager of live hubs (fewest hubs first) and 300 random live names.
type sample struct {
	live, deleted            int64
	liveIDs, managers, names []string
}

func sampleHubs(ctx context.Context, db *sql.DB) (s sample) {
	check(db.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE NOT is_deleted), count(*) FILTER (WHERE is_deleted) FROM hubs").Scan(&s.live, &s.deleted))
	if s.live <= int64(paging.DefaultSize) {
		check(fmt.Errorf("only %d live hubs", s.live))
	}
	for q, dst := range map[string]*[]string{
		"SELECT hub_id::text FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 2000": &s.liveIDs,
		"SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 300":      &s.names,
		`SELECT hub_manager_id::text FROM hubs WHERE NOT is_deleted AND hub_manager_id IS NOT NULL
			GROUP BY hub_manager_id ORDER BY count(*), hub_manager_id`: &s.managers,
	} {
		if *dst = must(queryStrings(ctx, db, q)); len(*dst) == 0 {
			check(fmt.Errorf("no rows of %s", q))
		}
	}
	return s
}

func queryStrings(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}
