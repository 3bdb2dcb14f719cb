package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// get sends an authenticated GET and decodes a 200 JSON answer into out.
func get(t *testing.T, url, bearer string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }() // read below: nothing left to lose
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200: %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, base string, within time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	var last string
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			last = err.Error()
			continue
		}
		_ = resp.Body.Close() // only the status counts
		if resp.StatusCode == http.StatusOK {
			return
		}
		last = resp.Status
	}
	t.Fatalf("%s/readyz not 200 within %v (last: %s)", base, within, last)
}

// requireNoPostgres checks that nothing of a cluster outlived hubd: no postmaster.pid, no
// process naming the data dir on its command line, and no process working inside it (backends
// rewrite their command line, but they run with the cluster as working directory).
func requireNoPostgres(t *testing.T, dataDir, clusterDir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(clusterDir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("postmaster.pid still in %s (stat: %v)", clusterDir, err)
	}
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, proc := range procs {
		cmdline, _ := os.ReadFile(filepath.Join(proc, "cmdline"))
		cwd, _ := os.Readlink(filepath.Join(proc, "cwd"))
		if bytes.Contains(cmdline, []byte(dataDir)) || cwd == clusterDir || strings.HasPrefix(cwd, clusterDir+"/") {
			t.Errorf("process %s still uses %s: %q (cwd %s)", filepath.Base(proc), dataDir,
				bytes.TrimSpace(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})), cwd)
		}
	}
}

// runHubd runs a short hubd command and returns its stdout, failing on a non-zero exit.
func runHubd(t *testing.T, bin, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hubd %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// page is the part of the search answer the process test reads.
type page struct {
	Content []struct {
		HubID   string `json:"hubId"`
		HubName string `json:"hubName"`
	} `json:"content"`
	Page struct {
		TotalElements int64 `json:"totalElements"`
	} `json:"page"`
}

func (p page) names() string {
	names := make([]string, len(p.Content))
	for i, h := range p.Content {
		names[i] = h.HubName
	}
	return fmt.Sprintf("%q", names)
}
