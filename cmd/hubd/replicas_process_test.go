package main

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"
)

// TestServeProcessWithReplicas runs `hubd serve --replicas 1` on an empty data dir: a hub
// created through the API reaches the local replica's database, SIGTERM stops hubd with
// nothing left running in either cluster, and --replicas with a database URL is a usage error.
func TestServeProcessWithReplicas(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-replicas-test-*")
	dataDir := filepath.Join(root, "data")
	clusterDir, replicaDir := filepath.Join(dataDir, "postgres"), filepath.Join(dataDir, "replica-1")
	env := hubdEnv("HUBD_DATA_DIR="+dataDir, "HUBD_HTTP_ADDR=127.0.0.1:0")

	p := startServe(t, withArgs(t, bin, "--replicas", "1"), root, env)
	waitReady(t, p.url, 90*time.Second)
	bearer := strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", "MASTER"))
	post(t, p.url+"/api/v1/hubs", bearer, `{"hubName":"replica test","address":{"address1":"x"}}`)

	port := postmasterPort(t, replicaDir)
	replica, err := sql.Open("postgres", fmt.Sprintf("postgres://postgres@127.0.0.1:%d/hubd?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	var recovering bool
	if err := replica.QueryRow(`SELECT pg_is_in_recovery()`).Scan(&recovering); err != nil || !recovering {
		t.Errorf("port %d (replica-1's postmaster.pid): pg_is_in_recovery() = %v, %v; want a standby", port, recovering, err)
	}
	var n int
	for deadline := time.Now().Add(5 * time.Second); n != 1; time.Sleep(50 * time.Millisecond) {
		err := replica.QueryRow(`SELECT count(*) FROM hubs WHERE hub_name = 'replica test'`).Scan(&n)
		if time.Now().After(deadline) {
			t.Fatalf("the created hub is not on the replica within 5s (count %d, err %v)", n, err)
		}
	}
	replica.Close()
	if line := logLine(p.stderr.String(), `"msg":"read replica ready"`); !strings.Contains(line, fmt.Sprintf(`"port":%d`, port)) {
		t.Errorf("no log line names the replica's port %d: %q", port, line)
	}

	p.stop(t)
	requireNoPostgres(t, dataDir, clusterDir)
	requireNoPostgres(t, dataDir, replicaDir)
	if conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second); err == nil {
		conn.Close()
		t.Errorf("the replica's port %d still accepts connections after hubd stopped", port)
	}

	cmd := exec.Command(bin, "serve", "--replicas", "2")
	cmd.Dir, cmd.Env = root, hubdEnv("HUBD_DATA_DIR="+dataDir, "HUBD_DATABASE_URL=postgres://u@127.0.0.1:1/hubd?sslmode=disable")
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitUsage || !strings.Contains(string(out), "HUBD_READ_DATABASE_URL") {
		t.Errorf("serve --replicas 2 with a database URL: %v, want exit %d naming HUBD_READ_DATABASE_URL:\n%s", err, exitUsage, out)
	}
}

// withArgs is a stand-in for bin that appends args to its command line, since startServe runs
// just `bin serve`.
func withArgs(t *testing.T, bin string, args ...string) string {
	t.Helper()
	script := "#!/bin/sh\nexec '" + bin + "' \"$@\" " + strings.Join(args, " ") + "\n"
	path := filepath.Join(t.TempDir(), "hubd-with-args")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// post sends an authenticated JSON POST and requires 201 Created.
func post(t *testing.T, url, bearer, body string) {
	t.Helper()
	if resp, _ := postJSON(t, url, bearer, body); resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s = %s, want 201", url, resp.Status)
	}
}

// postJSON sends an authenticated JSON POST and answers the response, its body read and closed.
func postJSON(t *testing.T, url, bearer, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return resp, got
}

// postmasterPort reads a running cluster's port: line 4 of its postmaster.pid.
func postmasterPort(t *testing.T, clusterDir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(clusterDir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		t.Fatalf("postmaster.pid of %s has %d lines", clusterDir, len(lines))
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		t.Fatalf("postmaster.pid of %s: port %q: %v", clusterDir, lines[3], err)
	}
	return port
}

// logLine is the first line of log that contains s.
func logLine(log, s string) string {
	for line := range strings.Lines(log) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}
