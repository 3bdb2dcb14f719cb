package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeChecksTheListenAddressFirst: a second serve whose address is taken fails within
// seconds, naming the address, before it touches the database: no cluster is initialized.
func TestServeChecksTheListenAddressFirst(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-addr-taken-*")
	dataDir := filepath.Join(root, "data")
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()
	start := time.Now()
	code, stderr := runHubdFailing(t, bin, root, hubdEnv("HUBD_DATA_DIR="+dataDir, "HUBD_HTTP_ADDR="+addr), "serve")
	took := time.Since(start)
	t.Logf("serve on a taken address exited %d after %v", code, took.Round(time.Millisecond))
	if code != exitError || !strings.Contains(stderr, addr) || !strings.Contains(stderr, "already in use") {
		t.Errorf("serve on taken %s = exit %d, stderr:\n%s\nwant 1 and an error naming the address", addr, code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dataDir, clusterDirName)); !os.IsNotExist(err) {
		t.Errorf("serve initialized a cluster before finding its address taken (stat: %v)", err)
	}
	if took > 10*time.Second {
		t.Errorf("serve took %v to report the taken address", took)
	}
}

// TestMaintenanceCommandsUseTheRunningServe: while hubd serve runs, migrate and seed on its
// data dir use its PostgreSQL (found through postmaster.pid) and leave it running, a second
// serve on the same data dir is refused naming the running server, and once serve has stopped
// migrate starts its own server again: down --all and up.
func TestMaintenanceCommandsUseTheRunningServe(t *testing.T) {
	s := serveFresh(t, "hubd-shared-server-*")
	bin, root, dataDir, env, srv := s.bin, s.root, s.dataDir, s.env, s.srv
	clusterDir := filepath.Join(dataDir, clusterDirName)
	postmaster := func() string {
		pid, err := os.ReadFile(filepath.Join(clusterDir, "postmaster.pid"))
		if err != nil {
			t.Fatalf("serve's postmaster.pid: %v", err)
		}
		return strings.SplitN(string(pid), "\n", 2)[0]
	}
	pid := postmaster()

	latest := latestMigration(t)
	if out, want := runHubd(t, bin, root, env, "migrate", "version"), fmt.Sprintf("version %d (clean)\n", latest); out != want {
		t.Errorf("hubd migrate version while serve runs = %q, want %q", out, want)
	}
	if out := runHubd(t, bin, root, env, "seed"); out != "seeded 0 hubs, 17 already present; 0 routes, 36 already present or without live hubs\n" {
		t.Errorf("hubd seed while serve runs = %q", out)
	}
	code, stderr := runHubdFailing(t, bin, root, env, "serve")
	if code != exitError || !strings.Contains(stderr, "already running (pid "+pid) {
		t.Errorf("a second serve on the data dir = exit %d, stderr:\n%s\nwant 1 naming the running server (pid %s)", code, stderr, pid)
	}
	if now := postmaster(); now != pid {
		t.Errorf("serve's PostgreSQL changed from pid %s to %s", pid, now)
	}
	waitReady(t, srv.url, 5*time.Second)
	var all page
	bearer := strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", "MASTER"))
	get(t, srv.url+"/api/v1/hubs?size=100", bearer, &all)
	if all.Page.TotalElements != 17 {
		t.Errorf("serve holds %d hubs after seed, want 17", all.Page.TotalElements)
	}
	srv.stop(t)
	requireNoPostgres(t, dataDir, clusterDir)

	if out := runHubd(t, bin, root, env, "migrate", "down", "--all"); out != "migrated down: version 0 (clean)\n" {
		t.Errorf("hubd migrate down --all = %q", out)
	}
	if out, want := runHubd(t, bin, root, env, "migrate", "up"), fmt.Sprintf("migrated up: version %d (clean)", latest); !strings.HasPrefix(out, want) {
		t.Errorf("hubd migrate up = %q, want %q", out, want)
	}
	requireNoPostgres(t, dataDir, clusterDir)
}

// runHubdFailing runs a hubd command that is meant to fail and returns its exit code and
// stderr; a command that cannot run at all fails the test.
func runHubdFailing(t *testing.T, bin, dir string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("hubd %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}
