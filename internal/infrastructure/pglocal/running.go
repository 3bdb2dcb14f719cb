package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"
)

// pidFileName is the lock file the postmaster keeps in its cluster directory while it runs.
const pidFileName = "postmaster.pid"

// runningWait bounds how long FindRunning waits for a live postmaster to answer (one still
// starting) or to go away (one shutting down), when ctx does not end sooner.
const runningWait = 10 * time.Second

// Running is a server that another process runs on a persistent cluster, such as the one of a
// running `hubd serve`, as FindRunning found it.
type Running struct {
	// PID is the postmaster's process id.
	PID int
	// Port is the loopback TCP port it listens on.
	Port int
}

// DSN returns a lib/pq URL for database on the running server as the bootstrap superuser, as
// Server.DSN does for a server of ours.
func (r Running) DSN(database string) string { return dsn(r.Port, database) }

// FindRunning looks for a server already running on the cluster in dataDir, so that a second
// process can use it rather than fail on PostgreSQL's "lock file postmaster.pid already
// exists". The postmaster's lock file, dataDir/postmaster.pid, holds its pid on the first line
// and its port on the fourth.
//
// No lock file, or one whose postmaster is gone (a crash leaves it behind), means no server:
// nil and no error, and Start is the way on (it replaces a stale file and waits for a crashed
// server's orphaned backends). A live postmaster that answers on its port and serves dataDir is
// returned. One that is alive but does not answer is waited for (it may be starting, or stopping
// and about to remove its file) until ctx ends or 10s pass, and then is an error that says so.
// As root the server runs as the postgres user: signal 0 to it then still tells it is alive,
// and a caller that may not signal it at all (EPERM) counts it as alive too.
func FindRunning(ctx context.Context, dataDir string) (*Running, error) {
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: data dir: %w", err)
	}
	path := filepath.Join(dataDir, pidFileName)
	ctx, cancel := context.WithTimeout(ctx, runningWait)
	defer cancel()
	for {
		pid, port, err := readPidFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("pglocal: cannot tell whether a server runs on %s: %w", dataDir, err)
		case err == nil && !alive(pid):
			return nil, nil // stale: the postmaster that wrote it has died
		case err == nil:
			if err = probeRunning(ctx, port, dataDir); err == nil {
				return &Running{PID: pid, Port: port}, nil
			}
		}
		if errors.Is(err, errOtherCluster) {
			return nil, fmt.Errorf("pglocal: %s names a live postmaster (pid %d) whose port %d serves "+
				"another cluster (%v): the file is stale and can be removed", path, pid, port, err)
		}
		if sleepCtx(ctx, 200*time.Millisecond) == nil {
			continue
		}
		if pid == 0 {
			return nil, fmt.Errorf("pglocal: %s is unreadable as a lock file (%v): if no server is "+
				"running on the cluster, remove it", path, err)
		}
		return nil, fmt.Errorf("pglocal: %s names a live postmaster (pid %d), but no server of this "+
			"cluster answers on its port %d (%v): another hubd may be starting or stopping it; if none "+
			"is running, the file is stale and can be removed", path, pid, port, err)
	}
}

// readPidFile reads the postmaster's pid and port. A file the postmaster is still writing may
// lack them for a moment, which is an error the caller retries.
func readPidFile(path string) (pid, port int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	lines := strings.Split(string(b), "\n")
	if pid, err = strconv.Atoi(strings.TrimSpace(lines[0])); err != nil || pid <= 0 {
		return 0, 0, fmt.Errorf("no pid on its first line yet")
	}
	if len(lines) < 4 {
		return pid, 0, fmt.Errorf("no port on its fourth line yet")
	}
	if port, err = strconv.Atoi(strings.TrimSpace(lines[3])); err != nil || port <= 0 || port > 65535 {
		return pid, 0, fmt.Errorf("no port on its fourth line yet")
	}
	return pid, port, nil
}

// alive reports whether process pid exists. Our own pid and our parent's are not a postmaster
// (a stale file can name them once pids are reused, e.g. in a restarted container); PostgreSQL
// makes the same exception when it checks the file.
func alive(pid int) bool {
	if pid == os.Getpid() || pid == os.Getppid() {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// probeRunning checks that a server answers on port and serves dataDir (see probe).
func probeRunning(ctx context.Context, port int, dataDir string) error {
	connector, err := pq.NewConnector(dsn(port, "postgres") + "&connect_timeout=2")
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	return probe(ctx, db, dataDir, false)
}
