package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	_ "github.com/lib/pq" // database/sql driver of the run's own queries

	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// env is what a run started: a temporary directory, a throwaway PostgreSQL, hubd serve on it;
// close stops it in reverse order, also when setup left it half-built.
type env struct {
	mode, tmp, hubdBin, secret string
	dsn, binDir                string // the mode's database; PostgreSQL's binaries, pgbench among them
	pg                         *pglocal.Server
	pgPID                      int // the postmaster's, for PostgreSQL's CPU time
	db                         *sql.DB
	clock                      []phase

	serve            *exec.Cmd
	exited           chan struct{} // closed once serve has been waited for, exitErr then set
	baseURL, token   string        // http://127.0.0.1:PORT and a MASTER bearer token
	logLines         atomic.Int64  // lines hubd wrote to stderr (it logs at warn and above)
	stopped          bool          // stopServe ran, and took stopTook to end in stopErr
	stopTook         time.Duration
	exitErr, stopErr error
}

// setup builds hubd, starts PostgreSQL, migrates and seeds its database, vacuums it,
// and starts hubd serve. On an error the returned env (if not nil) still has to be closed.
func setup(ctx context.Context, o options) (*env, error) {
	tmp, err := os.MkdirTemp("", "hubd-"+o.Mode+"-")
	if err != nil {
		return nil, err
	}
	e := &env{mode: o.Mode, tmp: tmp, hubdBin: filepath.Join(tmp, "hubd"), secret: rand.Text() + rand.Text()}
	seeds := [][]string{{"seed", "--synthetic", fmt.Sprint(o.Hubs)}}
	if o.Mode == "bench" { // the 17 hubs (with their routes), and the synthetic path network
		seeds = append(seeds, []string{"seed"})
	}
	if o.NetHubs > 0 {
		seeds = append(seeds, []string{"seed", "--synthetic", fmt.Sprint(o.NetHubs), "--routes-per-hub", fmt.Sprint(o.RoutesPerHub), "--seed", "2"})
	}
	for _, s := range []struct {
		name string
		do   func() error
	}{
		{"build hubd", func() error {
			cmd := e.command(ctx, "go", "build", "-o", e.hubdBin, "github.com/hubd/hubd/cmd/hubd")
			cmd.Dir = "" // the module's
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("build hubd: %w\n%s", err, out)
			}
			return nil
		}},
		{"start PostgreSQL", func() error { return e.startPostgres(ctx) }},
		{"migrate", func() error { return e.hubd(ctx, "migrate", "up") }},
		{fmt.Sprintf("seed %d + %d synthetic hubs", o.Hubs, o.NetHubs), func() error {
			for _, args := range seeds {
				if err := e.hubd(ctx, args...); err != nil {
					return err
				}
			}
			return nil
		}},
		// COPY leaves the visibility map empty and autovacuum would fill it in the middle of the
		// load: vacuuming now measures the steady state of a long-lived database.
		{"VACUUM ANALYZE", func() error {
			_, err := e.db.ExecContext(ctx, "VACUUM (ANALYZE) hubs, hub_routes")
			if err == nil {
				_, err = e.db.ExecContext(ctx, "CHECKPOINT")
			}
			return err
		}},
		{"start hubd serve", func() error { return e.startServe(ctx) }},
	} {
		end := e.step(s.name)
		err := s.do()
		if end(); err != nil {
			return e, err
		}
	}
	return e, nil
}

func (e *env) startPostgres(ctx context.Context) (err error) {
	if e.binDir, err = pglocal.FindBinDir(); err != nil {
		return err
	}
	if e.pg, err = pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway, BinDir: e.binDir}); err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	if e.pgPID = postmasterPID(e.pg.DataDir()); e.pgPID <= 0 {
		return errors.New("watch PostgreSQL's CPU: cannot read the postmaster's pid")
	}
	e.dsn = e.pg.DSN("postgres") // the throwaway server's own database
	if e.db, err = sql.Open("postgres", e.dsn); err != nil {
		return err
	}
	e.db.SetMaxOpenConns(2)
	return e.db.PingContext(ctx)
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

// hubd runs one hubd command to its end, its output passed through (seed's progress bar).
func (e *env) hubd(ctx context.Context, args ...string) error {
	cmd := e.command(ctx, e.hubdBin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hubd %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

type lineWriter struct {
	buf  []byte
	line func(string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for i := bytes.IndexByte(w.buf, '\n'); i >= 0; i = bytes.IndexByte(w.buf, '\n') {
		w.line(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

// startServe runs hubd serve (in a process group of its own: a Ctrl-C is ours, to stop it in
// order), waits for its address and /readyz, gets a MASTER token and passes on 20 log lines.
func (e *env) startServe(ctx context.Context) error {
	found := make(chan string, 1)
	cmd := exec.Command(e.hubdBin, "serve") //nolint:gosec // G204: the hubd binary this tool just built
	cmd.Dir, cmd.Env = e.tmp, e.environ()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	cmd.Stdout = &lineWriter{line: func(l string) {
		if u, ok := strings.CutPrefix(l, "hubd listening on "); ok && len(found) == 0 {
			found <- strings.TrimRight(strings.TrimSpace(u), "/")
		}
	}}
	cmd.Stderr = &lineWriter{line: func(l string) {
		if e.logLines.Add(1) <= 20 {
			fmt.Fprintln(os.Stderr, "hubd:", l)
		}
	}}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start hubd serve: %w", err)
	}
	e.serve, e.exited = cmd, make(chan struct{})
	go func() { e.exitErr = cmd.Wait(); close(e.exited) }()
	select {
	case e.baseURL = <-found:
	case <-e.exited:
		return fmt.Errorf("hubd serve exited before listening: %v", e.exitErr)
	case <-time.After(time.Minute):
		return errors.New("hubd serve did not say where it listens within a minute")
	case <-ctx.Done():
		return ctx.Err()
	}
	if u, err := url.Parse(e.baseURL); err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
		return fmt.Errorf("hubd serve listens on %q, not on http://127.0.0.1", e.baseURL)
	}
	poll := &http.Client{Timeout: time.Second}
	for ready := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if res, err := poll.Get(e.baseURL + "/readyz"); err == nil {
			if _ = res.Body.Close(); res.StatusCode == http.StatusOK { // only the status counts
				break
			}
		}
		if ctx.Err() != nil || time.Now().After(ready) {
			return fmt.Errorf("hubd not ready: %w", cmp.Or(ctx.Err(), context.DeadlineExceeded))
		}
	}
	out, err := e.command(ctx, e.hubdBin, "token", "--role", "MASTER", "--sub", uuid.NewString(), "--ttl", "24h").Output()
	e.token = strings.TrimSpace(string(out))
	return err
}

// hubdPID is 0 before hubd serve started.
func (e *env) hubdPID() int {
	if e.serve == nil {
		return 0
	}
	return e.serve.Process.Pid
}

// stopServe sends hubd SIGTERM and waits for it to drain and exit, killing it after 30 s, and
// remembers how long that took and how it ended (an early exit as it was).
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

// close stops hubd, PostgreSQL, and removes the temporary directory. It has a context of its
// own: the run's may be cancelled already.
func (e *env) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if !e.stopped {
		e.stopServe()
		errs = append(errs, e.stopErr)
	}
	if e.db != nil {
		errs = append(errs, e.db.Close())
	}
	if e.pg != nil {
		errs = append(errs, e.pg.Stop(ctx))
	}
	return errors.Join(append(errs, os.RemoveAll(e.tmp))...)
}

// machine is where the run ran.
type machine struct {
	CPU                   string
	Cores                 int
	RAMMB                 int64
	GoVersion, PostgreSQL string
	OS                    string
	LoadAvg               string // /proc/loadavg at the end of a soak: other work on the machine
}

func describeMachine(ctx context.Context, e *env) (machine, error) {
	m := machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		CPU: procField(procText("/proc/cpuinfo"), "model name")}
	kB, _ := strconv.ParseInt(strings.TrimSuffix(procField(procText("/proc/meminfo"), "MemTotal"), " kB"), 10, 64)
	m.RAMMB = kB / 1024
	return m, e.db.QueryRowContext(ctx, "SHOW server_version").Scan(&m.PostgreSQL)
}

// procText is a /proc file's text, "" when it cannot be read.
func procText(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// procField is the value of the first "key: value" line of a /proc file's text, "unknown" without one.
func procField(text, key string) string {
	for line := range strings.Lines(text) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// sample is what both modes pick their request parameters from: the seeded hubs' counts, up to
// 2000 random live ids, every manager of live hubs (fewest hubs first) and 300 random live names.
type sample struct {
	live, deleted            int64
	liveIDs, managers, names []string
}

func sampleHubs(ctx context.Context, db *sql.DB) (s sample, err error) {
	if err = db.QueryRowContext(ctx, "SELECT count(*) FILTER (WHERE NOT is_deleted), count(*) FILTER (WHERE is_deleted) FROM hubs").
		Scan(&s.live, &s.deleted); err != nil || s.live <= int64(paging.DefaultSize) {
		return s, fmt.Errorf("count hubs: %d live, %w", s.live, cmp.Or(err, errors.New("too few")))
	}
	for q, dst := range map[string]*[]string{
		"SELECT hub_id::text FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 2000": &s.liveIDs,
		"SELECT hub_name FROM hubs WHERE NOT is_deleted ORDER BY random() LIMIT 300":      &s.names,
		`SELECT hub_manager_id::text FROM hubs WHERE NOT is_deleted AND hub_manager_id IS NOT NULL
			GROUP BY hub_manager_id ORDER BY count(*), hub_manager_id`: &s.managers,
	} {
		if *dst, err = queryStrings(ctx, db, q); err == nil && len(*dst) == 0 {
			err = errors.New("no rows")
		}
		if err != nil {
			return s, fmt.Errorf("%s: %w", q, err)
		}
	}
	return s, nil
}

// queryStrings is the single text column of every row query returns.
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
