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
	_ "github.com/lib/pq" // the database/sql driver for picking parameters and checking counts

	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// benchDatabase is the database the run creates on its throwaway server.
const benchDatabase = "bench"

// bench is everything a run started. close stops it in reverse order; it is safe on a bench
// that setup left half-built.
type bench struct {
	tmp     string // hubd binary, hubd's data dir, pgbench scripts; removed by close
	hubdBin string
	binDir  string // PostgreSQL binaries, pgbench among them
	pg      *pglocal.Server
	dsn     string // the bench database
	db      *sql.DB
	serve   *server
	mem     *memSampler
	pgCPU   *pgWatch
	baseURL string // http://127.0.0.1:PORT
	token   string // a MASTER bearer token
	secret  string // HUBD_JWT_SECRET of every hubd command
}

// setup builds hubd, starts PostgreSQL, creates, migrates and seeds the bench database, and
// starts hubd serve on it. On an error the returned bench (if not nil) still has to be closed.
func setup(ctx context.Context, o options, clock *phases) (*bench, error) {
	tmp, err := os.MkdirTemp("", "hubd-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{tmp: tmp, hubdBin: filepath.Join(tmp, "hubd")}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	b.secret = hex.EncodeToString(secret)

	end := clock.start("build hubd")
	err = b.runQuiet(ctx, "go", "build", "-o", b.hubdBin, "github.com/hubd/hubd/cmd/hubd")
	end()
	if err != nil {
		return b, fmt.Errorf("build hubd: %w", err)
	}
	end = clock.start("start PostgreSQL")
	err = b.startPostgres(ctx)
	end()
	if err != nil {
		return b, err
	}
	end = clock.start("migrate")
	err = b.hubd(ctx, "migrate", "up")
	end()
	if err != nil {
		return b, err
	}
	end = clock.start(fmt.Sprintf("seed %d synthetic hubs", o.hubs))
	err = b.hubd(ctx, "seed", "--synthetic", fmt.Sprint(o.hubs))
	end()
	if err != nil {
		return b, err
	}
	// COPY leaves the visibility map empty; autovacuum would fill it in the middle of a
	// scenario. Vacuuming now measures the steady state a long-lived database is in.
	end = clock.start("VACUUM ANALYZE")
	_, err = b.db.ExecContext(ctx, "VACUUM (ANALYZE) hubs")
	if err == nil {
		_, err = b.db.ExecContext(ctx, "CHECKPOINT")
	}
	end()
	if err != nil {
		return b, fmt.Errorf("vacuum: %w", err)
	}
	end = clock.start("start hubd serve")
	err = b.startServe(ctx)
	end()
	return b, err
}

func (b *bench) startPostgres(ctx context.Context) error {
	var err error
	if b.binDir, err = pglocal.FindBinDir(); err != nil {
		return err
	}
	if b.pg, err = pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway, BinDir: b.binDir}); err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	admin, err := sql.Open("postgres", b.pg.DSN("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+benchDatabase); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	if b.pgCPU, err = startPGWatch(filepath.Join(b.pg.DataDir(), "postmaster.pid"), 200*time.Millisecond); err != nil {
		return fmt.Errorf("watch PostgreSQL's CPU: %w", err)
	}
	b.dsn = b.pg.DSN(benchDatabase)
	if b.db, err = sql.Open("postgres", b.dsn); err != nil {
		return err
	}
	return b.db.PingContext(ctx)
}

// env is the environment of every hubd command: the caller's, without any HUBD_ setting that
// could point hubd elsewhere, plus the bench database, a loopback address and a fresh secret.
func (b *bench) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUBD_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"HUBD_DATABASE_URL="+b.dsn,
		"HUBD_DATA_DIR="+filepath.Join(b.tmp, "data"),
		"HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_JWT_SECRET="+b.secret,
		"HUBD_LOG_LEVEL=warn",
		"HUBD_RATE_LIMIT=0", // one token drives thousands of requests a second: measure, don't limit
	)
}

// hubd runs one hubd command to its end, its output streamed through (seed's progress bar).
func (b *bench) hubd(ctx context.Context, args ...string) error {
	cmd := b.command(ctx, b.hubdBin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hubd %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// runQuiet runs a command in the current directory, showing its output only when it fails.
func (b *bench) runQuiet(ctx context.Context, name string, args ...string) error {
	cmd := b.command(ctx, name, args...)
	cmd.Dir = ""
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// command is a child process that gets SIGTERM, then after 10 s SIGKILL, when ctx ends. It runs
// in the temporary directory, so that no configs/hubd.yaml changes hubd's built-in defaults.
func (b *bench) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = b.tmp
	cmd.Env = b.env()
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// startServe starts hubd serve, waits until it is ready, and gets a MASTER token.
func (b *bench) startServe(ctx context.Context) error {
	var err error
	if b.serve, err = startServer(ctx, b.hubdBin, b.tmp, b.env()); err != nil {
		return err
	}
	b.baseURL = b.serve.url
	b.mem = startMemSampler(b.serve.pid(), 100*time.Millisecond)
	if err := waitReady(ctx, b.baseURL, 60*time.Second); err != nil {
		return err
	}
	cmd := b.command(ctx, b.hubdBin, "token", "--role", "MASTER", "--sub", uuid.NewString(), "--ttl", "24h")
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("hubd token: %w", err)
	}
	b.token = strings.TrimSpace(string(out))
	return nil
}

// close stops hubd (SIGTERM, then waits), PostgreSQL, and removes the temporary directory. It
// uses a context of its own: the run's may be cancelled already.
func (b *bench) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var errs []error
	if b.mem != nil {
		b.mem.stop()
	}
	if b.pgCPU != nil {
		b.pgCPU.stop()
	}
	if b.serve != nil {
		errs = append(errs, b.serve.stop(30*time.Second))
	}
	if b.db != nil {
		errs = append(errs, b.db.Close())
	}
	if b.pg != nil {
		if err := b.pg.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop PostgreSQL: %w", err))
		}
	}
	errs = append(errs, os.RemoveAll(b.tmp))
	return errors.Join(errs...)
}
