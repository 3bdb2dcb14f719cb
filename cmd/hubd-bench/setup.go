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
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/devtools/harness"
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
	serve   *harness.Server
	mem     *memSampler
	pgPID   int    // the postmaster's, for PostgreSQL's CPU time
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
	b.secret = harness.NewSecret()

	end := clock.start("build hubd")
	err = harness.BuildHubd(ctx, b.env(), b.hubdBin)
	end()
	if err != nil {
		return b, err
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
	if b.pg, err = harness.StartPostgres(ctx, b.binDir, benchDatabase); err != nil {
		return err
	}
	if b.pgPID = harness.PostmasterPID(b.pg.DataDir()); b.pgPID <= 0 {
		return errors.New("watch PostgreSQL's CPU: cannot read the postmaster's pid")
	}
	b.dsn = b.pg.DSN(benchDatabase)
	if b.db, err = sql.Open("postgres", b.dsn); err != nil {
		return err
	}
	return b.db.PingContext(ctx)
}

// env is the environment of every hubd command (see harness.Environ) on the bench database.
func (b *bench) env() []string {
	return harness.Environ(b.dsn, filepath.Join(b.tmp, "data"), b.secret)
}

// hubd runs one hubd command to its end, its output streamed through (seed's progress bar).
func (b *bench) hubd(ctx context.Context, args ...string) error {
	return harness.RunHubd(ctx, b.tmp, b.env(), b.hubdBin, args...)
}

// command is a child process in the temporary directory (see harness.Command).
func (b *bench) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return harness.Command(ctx, b.tmp, b.env(), name, args...)
}

// startServe starts hubd serve, waits until it is ready, and gets a MASTER token.
func (b *bench) startServe(ctx context.Context) error {
	var err error
	// hubd's log (warn and above) goes to our stderr as it is.
	echo := func(line string) { fmt.Fprintln(os.Stderr, line) }
	if b.serve, err = harness.StartServer(ctx, b.hubdBin, b.tmp, b.env(), echo); err != nil {
		return err
	}
	b.baseURL = b.serve.URL
	b.mem = startMemSampler(b.serve.PID(), 100*time.Millisecond)
	if err := harness.WaitReady(ctx, b.baseURL, 60*time.Second); err != nil {
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
	if b.serve != nil && !b.serve.Exited() { // an early exit was reported where it mattered
		if _, err := b.serve.Stop(30 * time.Second); err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				err = fmt.Errorf("hubd serve: %w", err)
			}
			errs = append(errs, err)
		}
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
