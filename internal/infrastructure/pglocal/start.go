package pglocal

import (
	"context"
	"errors"
	"fmt"
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
	binDir := opts.BinDir
	if binDir == "" {
		if binDir, err = FindBinDir(); err != nil {
			return nil, err
		}
	} else if err := checkBinDir(binDir); err != nil {
		return nil, fmt.Errorf("%w in %s: %v; %s", ErrBinariesNotFound, binDir, err, installHint)
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
	s, err := launch(ctx, opts, binDir, lay, id)
	if err != nil {
		if rmErr := lay.discard(); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("pglocal: remove temp dir: %w", rmErr))
		}
		return nil, err
	}
	return s, nil
}

// launch runs initdb if needed, then starts the server. It retries the two
// startup failures that are races rather than faults: our free port taken
// in the meantime, and a crashed predecessor's backends not yet gone.
func launch(ctx context.Context, opts Options, binDir string, lay layout, id identity) (*Server, error) {
	log := opts.Logger.With("mode", opts.Mode.String(), "data_dir", lay.data)
	if !lay.initialized() {
		log.Info("pglocal: initializing cluster", "bin_dir", binDir)
		if err := initdb(ctx, binDir, lay, opts.Mode, id); err != nil {
			return nil, err
		}
	}
	if lay.root == "" { // keep the previous run's log for post-mortems
		if err := os.Rename(lay.logPath, lay.logPath+".prev"); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("pglocal: rotate server log: %w", err)
		}
	}
	portTries, waitedForOrphans := 1, false
	for {
		port := opts.Port
		if port == 0 {
			var err error
			if port, err = freePort(); err != nil {
				return nil, err
			}
		}
		p, err := spawn(binDir, lay, opts.Mode, port, id)
		if err != nil {
			return nil, err
		}
		s := &Server{port: port, lay: lay, proc: p, logger: log}
		if err = waitReady(ctx, p, s.DSN("postgres"), lay.data); err == nil {
			log.Info("pglocal: server ready", "port", port, "pid", p.pid)
			return s, nil
		}
		p.kill()
		tail := tailLines(lay.logPath, 20)
		switch {
		case !errors.Is(err, errExited):
		case opts.Port == 0 && portTries < portAttempts && portConflict(tail):
			portTries++
			log.Warn("pglocal: port taken, retrying", "port", port)
			continue
		case orphansAlive(tail):
			if !waitedForOrphans {
				waitedForOrphans = true
				log.Warn("pglocal: backends of a crashed server still hold the cluster; waiting for them to exit")
			}
			if err = sleepCtx(ctx, 100*time.Millisecond); err == nil {
				continue
			}
		}
		return nil, fmt.Errorf("pglocal: start server on port %d: %w\nserver log %s (last lines):\n%s",
			port, err, lay.logPath, tail)
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
