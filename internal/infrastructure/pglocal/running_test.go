package pglocal

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePidFile writes a postmaster.pid as the postmaster does (pid, data dir, start time,
// port, socket dir, listen address, shared memory key, state).
func writePidFile(t *testing.T, dir string, pid, port int) {
	t.Helper()
	body := fmt.Sprintf("%d\n%s\n1700000000\n%d\n\n127.0.0.1\n  1234567    42\nready   \n", pid, dir, port)
	if err := os.WriteFile(filepath.Join(dir, pidFileName), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestFindRunningSeesNoServerInAStaleLockFile: no lock file, or one whose postmaster has died
// (what a crash leaves), or one naming this very process, is no server, at once.
func TestFindRunningSeesNoServerInAStaleLockFile(t *testing.T) {
	dir := t.TempDir()
	if r, err := FindRunning(context.Background(), dir); r != nil || err != nil {
		t.Errorf("FindRunning without a lock file = %+v, %v; want nil, nil", r, err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for _, pid := range []int{dead.Process.Pid, os.Getpid()} {
		writePidFile(t, dir, pid, 1)
		start := time.Now()
		if r, err := FindRunning(context.Background(), dir); r != nil || err != nil || time.Since(start) > time.Second {
			t.Errorf("FindRunning with a stale lock file (pid %d) = %+v, %v after %v; want nil, nil at once",
				pid, r, err, time.Since(start))
		}
	}
}

// TestFindRunningFindsTheServerOfTheCluster: a running persistent server is found with its pid
// and port, and its DSN works; the same pid and port written into another directory's lock
// file are refused (that server serves another cluster), and once the server has stopped there
// is none.
func TestFindRunningFindsTheServerOfTheCluster(t *testing.T) {
	dataDir := filepath.Join(reachableTempDir(t), "cluster")
	s := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	r, err := FindRunning(context.Background(), dataDir)
	if err != nil || r == nil || r.PID != s.proc.pid || r.Port != s.Port() {
		t.Fatalf("FindRunning = %+v, %v; want pid %d, port %d", r, err, s.proc.pid, s.Port())
	}
	if got := queryString(t, openDSN(t, r.DSN("postgres")), "SELECT 'found'"); got != "found" {
		t.Errorf("query through Running.DSN = %q", got)
	}

	other := t.TempDir()
	writePidFile(t, other, s.proc.pid, s.Port())
	// A server of another cluster is an answer, given at once: no waiting for it to change
	// (the bound below is for a loaded machine, not the expected time).
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if r, err := FindRunning(ctx, other); r != nil || err == nil || !strings.Contains(err.Error(), "another cluster") {
		t.Errorf("FindRunning of a lock file naming another cluster's server = %+v, %v; want an error", r, err)
	} else if took := time.Since(start); took > 5*time.Second {
		t.Errorf("FindRunning of another cluster's server took %v: it waited instead of answering", took)
	}

	stopT(t, s)
	if r, err := FindRunning(context.Background(), dataDir); r != nil || err != nil {
		t.Errorf("FindRunning after Stop = %+v, %v; want nil, nil", r, err)
	}
}

// TestFindRunningGivesUpOnASilentPostmaster: a lock file naming a live process on a port where
// no server answers is an error naming the file, once ctx ends: not a server, and not stale.
func TestFindRunningGivesUpOnASilentPostmaster(t *testing.T) {
	dir := t.TempDir()
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() })
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	writePidFile(t, dir, sleeper.Process.Pid, port)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	r, err := FindRunning(ctx, dir)
	if r != nil || err == nil || !strings.Contains(err.Error(), filepath.Join(dir, pidFileName)) ||
		!strings.Contains(err.Error(), "stale") {
		t.Errorf("FindRunning of a silent postmaster = %+v, %v; want an error naming the lock file", r, err)
	}
}

func openDSN(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
