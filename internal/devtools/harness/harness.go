// Package harness is support code for the benchmark and soak tools (cmd/hubd-bench and
// cmd/hubd-soak): building and running hubd against a throwaway PostgreSQL, reading CPU times
// from /proc, and summarizing latencies. It is not used by the service.
package harness

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/lib/pq" // database/sql driver of StartPostgres and the tools

	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// NewSecret is a fresh random HUBD_JWT_SECRET.
func NewSecret() string {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	return hex.EncodeToString(secret)
}

// Environ is the environment of every hubd command: ours without any HUBD_ setting that could
// point hubd elsewhere, plus the database dsn, a data dir, a loopback address, the secret,
// warn-level logs (so a line in the log is worth reading) and no rate limit (one token drives
// thousands of requests a second: measure, don't limit).
func Environ(dsn, dataDir, secret string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUBD_") {
			out = append(out, kv)
		}
	}
	return append(out,
		"HUBD_DATABASE_URL="+dsn,
		"HUBD_DATA_DIR="+dataDir,
		"HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_JWT_SECRET="+secret,
		"HUBD_LOG_LEVEL=warn",
		"HUBD_RATE_LIMIT=0",
	)
}

// Command is a child process in dir with env that gets an interrupt, then after 10 s SIGKILL,
// when ctx ends. The tools run hubd in a temporary directory, so that no configs/hubd.yaml
// changes hubd's built-in defaults.
func Command(ctx context.Context, dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// BuildHubd builds cmd/hubd into out from the module in the current directory, showing the
// compiler's output only when it fails.
func BuildHubd(ctx context.Context, env []string, out string) error {
	cmd := Command(ctx, "", env, "go", "build", "-o", out, "github.com/hubd/hubd/cmd/hubd")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build hubd: %w\n%s", err, b)
	}
	return nil
}

// RunHubd runs one hubd command to its end, its output passed through (seed's progress bar).
func RunHubd(ctx context.Context, dir string, env []string, bin string, args ...string) error {
	cmd := Command(ctx, dir, env, bin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hubd %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// StartPostgres starts a throwaway PostgreSQL server with the binaries of binDir and creates
// database on it. The server is returned, to be stopped, even with an error after it started.
func StartPostgres(ctx context.Context, binDir, database string) (*pglocal.Server, error) {
	pg, err := pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway, BinDir: binDir})
	if err != nil {
		return nil, fmt.Errorf("start PostgreSQL: %w", err)
	}
	admin, err := sql.Open("postgres", pg.DSN("postgres"))
	if err != nil {
		return pg, err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+database); err != nil {
		return pg, fmt.Errorf("create database: %w", err)
	}
	return pg, nil
}

// ReportDir is the default report directory of a tool: $HUBD_DATA_DIR/name, HUBD_DATA_DIR
// defaulting to ./.hubd.
func ReportDir(name string) string {
	dataDir := os.Getenv("HUBD_DATA_DIR")
	if dataDir == "" {
		dataDir = ".hubd"
	}
	return filepath.Join(dataDir, name)
}

// Querier is a *sql.DB or a *sql.Conn.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// QueryStrings is the single text column of every row query returns.
func QueryStrings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// Percentile is the nearest-rank percentile p (0 < p <= 100) of sorted: the smallest value
// with at least p% of the values at or below it; exact, not interpolated; 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted)) / 100)) // p*n first: 0.99*100 is not 99
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Ms is d in milliseconds, rounded to 0.01.
func Ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }
