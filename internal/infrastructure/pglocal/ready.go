package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/lib/pq"
)

// pollInterval is short because a throwaway cluster is usually ready within
// a few hundred milliseconds and tests start many of them.
const pollInterval = 50 * time.Millisecond

// errExited means the postmaster died during startup; the caller decides
// from the log whether that was a port race worth retrying.
var errExited = errors.New("postgres exited during startup")

// waitReady polls until the server accepts queries, the process dies, or
// ctx ends. Being pingable is not enough: a different server might own the
// port we picked, so we also check that it serves our data directory.
func waitReady(ctx context.Context, p *process, dsn, dataDir string) error {
	// lib/pq ignores the context during the startup handshake, so a port
	// held by something that accepts but never answers would hang a probe
	// forever; connect_timeout puts a deadline on the handshake itself, and
	// a Connector (unlike sql.Open) at least honours ctx while dialing.
	connector, err := pq.NewConnector(dsn + "&connect_timeout=2")
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	// Abort an in-flight probe as soon as the process dies, so a port race
	// is detected and retried without waiting out the probe's timeout.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	var lastErr error
	for {
		if lastErr = probe(ctx, db, dataDir); lastErr == nil {
			return nil
		}
		err := sleepCtx(ctx, pollInterval)
		if p.exited() {
			return fmt.Errorf("%w: %v", errExited, p.err)
		}
		if err != nil {
			return fmt.Errorf("pglocal: server not ready: %w (last attempt: %v)", err, lastErr)
		}
	}
}

// probe makes one bounded attempt, so a hung connection cannot outlive the
// poll loop's view of the process.
func probe(ctx context.Context, db *sql.DB, dataDir string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var served string
	if err := db.QueryRowContext(ctx, "SHOW data_directory").Scan(&served); err != nil {
		return err
	}
	a, errA := os.Stat(served)
	b, errB := os.Stat(dataDir)
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		return fmt.Errorf("port is served by another cluster (%s)", served)
	}
	return nil
}
