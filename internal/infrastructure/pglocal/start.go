package pglocal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"
)

// Start prepares the cluster (initdb when needed) and runs the server until
// it accepts connections. On any failure it leaves no process and, in
// Throwaway mode, no directory behind, so callers need no cleanup on error.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts, err := opts.normalized()
	if err != nil {
		return nil, err
	}
	binDir, err := resolveBinDir(opts.BinDir)
	if err != nil {
		return nil, err
	}
	id, err := currentIdentity()
	if err != nil {
		return nil, err
	}
	lay, err := prepareLayout(opts, id)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	c := cluster{binDir: binDir, lay: lay, mode: opts.Mode, id: id, port: opts.Port,
		log: opts.Logger.With("mode", opts.Mode.String(), "data_dir", lay.data)}
	s, err := c.initAndRun(ctx)
	if err != nil {
		return nil, c.discardAfter(err)
	}
	return s, nil
}

// resolveBinDir is FindBinDir unless the caller named a directory, which
// must then hold the binaries: a wrong explicit choice fails, never falls back.
func resolveBinDir(binDir string) (string, error) {
	if binDir == "" {
		return FindBinDir()
	}
	if err := checkBinDir(binDir); err != nil {
		return "", fmt.Errorf("%w in %s: %v; %s", ErrBinariesNotFound, binDir, err, installHint)
	}
	return binDir, nil
}

// cluster is one data directory and how to run a server on it: what a
// primary (Start) and a replica (StartReplica) share once each has put its
// cluster on disk, initdb for the one and a base backup for the other.
type cluster struct {
	binDir string
	lay    layout
	mode   Mode
	id     identity
	log    *slog.Logger
	// port is the loopback port; 0 picks a free one (and retries on a race).
	port int
	// settings are extra "name=value" server settings, given with -c so
	// they beat whatever the cluster's own configuration files say.
	settings []string
	// standby makes readiness also require recovery and a streaming WAL
	// receiver: a replica that serves queries but never follows its
	// primary is not ready, it is broken.
	standby bool
}

// initAndRun runs initdb when the directory holds no cluster yet, then the
// server.
func (c cluster) initAndRun(ctx context.Context) (*Server, error) {
	if !c.lay.initialized() {
		c.log.Info("pglocal: initializing cluster", "bin_dir", c.binDir)
		if err := initdb(ctx, c.binDir, c.lay, c.mode, c.id); err != nil {
			return nil, err
		}
	}
	return c.run(ctx)
}

// discardAfter removes a throwaway directory after a failed start, keeping
// the start's error first.
func (c cluster) discardAfter(err error) error {
	return c.lay.discardAfter(err)
}

// run starts the server on the cluster already in place. It retries the two
// startup failures that are races rather than faults: our free port taken
// in the meantime, and a crashed predecessor's backends not yet gone.
func (c cluster) run(ctx context.Context) (*Server, error) {
	if c.lay.root == "" { // keep the previous run's log for post-mortems
		if err := os.Rename(c.lay.logPath, c.lay.logPath+".prev"); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("pglocal: rotate server log: %w", err)
		}
	}
	portTries, waitedForOrphans := 1, false
	for {
		port := c.port
		if port == 0 {
			var err error
			if port, err = freePort(); err != nil {
				return nil, err
			}
		}
		p, err := spawn(c, port)
		if err != nil {
			return nil, err
		}
		s := &Server{port: port, lay: c.lay, proc: p, logger: c.log, binDir: c.binDir}
		if err = waitReady(ctx, p, s.DSN("postgres"), c.lay, c.standby); err == nil {
			c.log.Info("pglocal: server ready", "port", port, "pid", p.pid, "standby", c.standby)
			return s, nil
		}
		p.kill()
		tail := tailLines(c.lay.logPath, 20)
		switch {
		case !errors.Is(err, errExited):
		case c.port == 0 && portTries < portAttempts && portConflict(tail):
			portTries++
			c.log.Warn("pglocal: port taken, retrying", "port", port)
			continue
		case orphansAlive(tail):
			if !waitedForOrphans {
				waitedForOrphans = true
				c.log.Warn("pglocal: backends of a crashed server still hold the cluster; waiting for them to exit")
			}
			if err = sleepCtx(ctx, 100*time.Millisecond); err == nil {
				continue
			}
		}
		return nil, fmt.Errorf("pglocal: start server on port %d: %w\nserver log %s (last lines):\n%s",
			port, err, c.lay.logPath, tail)
	}
}

// orphansAlive recognizes the one startup failure that cures itself: after
// a postmaster crash (e.g. killed by Pdeathsig along with its parent), its
// backends notice and exit within moments, but until then they keep the
// shared memory attached and a new server refuses to start.
func orphansAlive(logTail string) bool {
	return strings.Contains(logTail, "pre-existing shared memory block") &&
		strings.Contains(logTail, "still in use")
}
