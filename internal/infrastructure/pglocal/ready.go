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

// errNotStreaming is a standby that answers queries but does not (yet)
// receive WAL from its primary.
var errNotStreaming = errors.New("standby is not streaming from its primary")

// waitReady polls until the server accepts queries, the process dies, or
// ctx ends. Being pingable is not enough: a different server might own the
// port we picked, so we also check that it serves our data directory. A
// standby must moreover be in recovery and streaming from its primary.
func waitReady(ctx context.Context, p *process, dsn string, lay layout, standby bool) error {
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
		if lastErr = probe(ctx, db, lay.data, standby); lastErr == nil {
			return nil
		}
		if errors.Is(lastErr, errNotStreaming) {
			// Some replication failures never cure themselves: say so now
			// rather than after the whole start timeout.
			if err := replicationFailure(tailLines(lay.logPath, 20)); err != nil {
				return err
			}
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

// errOtherCluster: the port answers, for another cluster than the one asked for. That is an
// answer, not a server still starting: waiting longer cannot change it.
var errOtherCluster = errors.New("port is served by another cluster")

// probe makes one bounded attempt, so a hung connection cannot outlive the
// poll loop's view of the process.
func probe(ctx context.Context, db *sql.DB, dataDir string, standby bool) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var served, receiver string
	var recovering bool
	err := db.QueryRowContext(ctx, `SELECT current_setting('data_directory'), pg_is_in_recovery(),
		coalesce((SELECT status FROM pg_stat_wal_receiver), 'not running')`).Scan(&served, &recovering, &receiver)
	if err != nil {
		return err
	}
	a, errA := os.Stat(served)
	b, errB := os.Stat(dataDir)
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		return fmt.Errorf("%w (%s)", errOtherCluster, served)
	}
	switch {
	case !standby:
	case !recovering:
		return errors.New("the server is not in recovery, so it is no standby")
	case receiver != "streaming":
		return fmt.Errorf("%w (WAL receiver: %s)", errNotStreaming, receiver)
	}
	return nil
}
