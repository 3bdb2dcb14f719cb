package main

import (
	"bytes"
	"errors"
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
