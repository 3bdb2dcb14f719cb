package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
	_ "github.com/lib/pq" // database/sql driver: pick parameters, check the created hubs

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
	serve   *server
	baseURL string // http://127.0.0.1:PORT
	token   string // a MASTER bearer token

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
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	e.secret = hex.EncodeToString(secret)

	steps := []struct {
		name string
		do   func() error
	}{
		{"build hubd", func() error {
			cmd := e.command(ctx, "go", "build", "-o", e.hubdBin, "github.com/hubd/hubd/cmd/hubd")
			cmd.Dir = "" // the module is here, not in tmp
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("build hubd: %w\n%s", err, out)
			}
			return nil
		}},
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
	if e.pg, err = pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway, BinDir: binDir}); err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	admin, err := sql.Open("postgres", e.pg.DSN("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+soakDatabase); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	e.dsn = e.pg.DSN(soakDatabase)
	if e.db, err = sql.Open("postgres", e.dsn); err != nil {
		return err
	}
	e.db.SetMaxOpenConns(2)
	return e.db.PingContext(ctx)
}

// environ is the environment of every hubd command: ours without any HUBD_ setting that could
// point hubd elsewhere, plus the soak database, a loopback address, a fresh secret, warn-level
// logs (so a line in the log is worth reading) and no rate limit (one token sends everything).
func (e *env) environ() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUBD_") {
			out = append(out, kv)
		}
	}
	return append(out,
		"HUBD_DATABASE_URL="+e.dsn,
		"HUBD_DATA_DIR="+filepath.Join(e.tmp, "data"),
		"HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_JWT_SECRET="+e.secret,
		"HUBD_LOG_LEVEL=warn",
		"HUBD_RATE_LIMIT=0",
	)
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

// command is a child process that gets an interrupt, then after 10 s SIGKILL, when ctx ends.
// It runs in the temporary directory, so that no configs/hubd.yaml changes hubd's defaults.
func (e *env) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = e.tmp, e.environ()
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// startServe starts hubd serve, waits until it is ready and gets a MASTER token.
func (e *env) startServe(ctx context.Context) error {
	var err error
	if e.serve, err = startServer(ctx, e.hubdBin, e.tmp, e.environ()); err != nil {
		return err
	}
	e.baseURL = e.serve.url
	if err := waitReady(ctx, e.baseURL, 60*time.Second); err != nil {
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
	e.stopTook, e.stopErr = e.serve.stop(30 * time.Second)
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
