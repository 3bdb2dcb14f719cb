package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/devtools/harness"
	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// soakDatabase is the database the run creates on its throwaway server.
const soakDatabase = "soak"

// env is everything a run started. close stops it in reverse order; it is safe on an env that
// setup left half-built.
type env struct {
	tmp     string // hubd binary and hubd's data dir; removed by close
	hubdBin string
	secret  string // HUBD_JWT_SECRET of every hubd command
	pg      *pglocal.Server
	dsn     string
	db      *sql.DB
	serve   *harness.Server
	baseURL string // http://127.0.0.1:PORT
	token   string // a MASTER bearer token

	logLines atomic.Int64 // lines hubd wrote to stderr

	stopped  bool          // hubd was stopped (by stopServe) before close
	stopTook time.Duration // how long hubd took to exit after SIGTERM
	stopErr  error         // and how it exited
}

// setup builds hubd, starts PostgreSQL, creates, migrates and seeds the soak database, and
// starts hubd serve on it. On an error the returned env (if not nil) still has to be closed.
func setup(ctx context.Context, o options, clock *phases) (*env, error) {
	tmp, err := os.MkdirTemp("", "hubd-soak-")
	if err != nil {
		return nil, err
	}
	e := &env{tmp: tmp, hubdBin: filepath.Join(tmp, "hubd")}
	e.secret = harness.NewSecret()

	steps := []struct {
		name string
		do   func() error
	}{
		{"build hubd", func() error { return harness.BuildHubd(ctx, e.environ(), e.hubdBin) }},
		{"start PostgreSQL", func() error { return e.startPostgres(ctx) }},
		{"migrate", func() error { return e.hubd(ctx, "migrate", "up") }},
		{fmt.Sprintf("seed %d synthetic hubs", o.hubs), func() error {
			return e.hubd(ctx, "seed", "--synthetic", fmt.Sprint(o.hubs))
		}},
		{"VACUUM ANALYZE", func() error { // the steady state of a long-lived table
			_, err := e.db.ExecContext(ctx, "VACUUM (ANALYZE) hubs")
			return err
		}},
		{"start hubd serve", func() error { return e.startServe(ctx) }},
	}
	for _, s := range steps {
		end := clock.start(s.name)
		err := s.do()
		end()
		if err != nil {
			return e, err
		}
	}
	return e, nil
}

func (e *env) startPostgres(ctx context.Context) error {
	binDir, err := pglocal.FindBinDir()
	if err != nil {
		return err
	}
	if e.pg, err = harness.StartPostgres(ctx, binDir, soakDatabase); err != nil {
		return err
	}
	e.dsn = e.pg.DSN(soakDatabase)
	if e.db, err = sql.Open("postgres", e.dsn); err != nil {
		return err
	}
	e.db.SetMaxOpenConns(2)
	return e.db.PingContext(ctx)
}

// environ is the environment of every hubd command (see harness.Environ) on the soak database.
func (e *env) environ() []string {
	return harness.Environ(e.dsn, filepath.Join(e.tmp, "data"), e.secret)
}

// hubd runs one hubd command to its end, its output passed through (seed's progress bar).
func (e *env) hubd(ctx context.Context, args ...string) error {
	return harness.RunHubd(ctx, e.tmp, e.environ(), e.hubdBin, args...)
}

// command is a child process in the temporary directory (see harness.Command).
func (e *env) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return harness.Command(ctx, e.tmp, e.environ(), name, args...)
}

// startServe starts hubd serve, waits until it is ready and gets a MASTER token.
func (e *env) startServe(ctx context.Context) error {
	var err error
	if e.serve, err = harness.StartServer(ctx, e.hubdBin, e.tmp, e.environ(), e.logLine); err != nil {
		return err
	}
	e.baseURL = e.serve.URL
	if err := harness.WaitReady(ctx, e.baseURL, 60*time.Second); err != nil {
		return err
	}
	out, err := e.command(ctx, e.hubdBin, "token", "--role", "MASTER", "--sub", uuid.NewString(), "--ttl", "24h").Output()
	if err != nil {
		return fmt.Errorf("hubd token: %w", err)
	}
	e.token = strings.TrimSpace(string(out))
	return nil
}

// stopServe stops hubd (SIGTERM, then waits up to 30 s) and remembers how that went.
func (e *env) stopServe() {
	if e.serve == nil || e.stopped {
		return
	}
	e.stopped = true
	e.stopTook, e.stopErr = e.serve.Stop(30 * time.Second)
}

// close stops hubd, PostgreSQL, and removes the temporary directory. It has a context of its
// own: the run's may be cancelled already.
func (e *env) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var errs []error
	if e.serve != nil && !e.stopped {
		e.stopServe()
		errs = append(errs, e.stopErr)
	}
	if e.db != nil {
		errs = append(errs, e.db.Close())
	}
	if e.pg != nil {
		if err := e.pg.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop PostgreSQL: %w", err))
		}
	}
	errs = append(errs, os.RemoveAll(e.tmp))
	return errors.Join(errs...)
}
