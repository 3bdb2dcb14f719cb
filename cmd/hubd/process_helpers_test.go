package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildHubd compiles the real binary, with the race detector when the tests have it, so the
// process test also checks serve's goroutines and shutdown for races.
func buildHubd(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hubd")
	args := []string{"build", "-o", bin}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	cmd := exec.Command("go", append(args, "github.com/hubd/hubd/cmd/hubd")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// hubdEnv is this process's environment without any HUBD_* variable, plus extra.
func hubdEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUBD_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// lockedBuffer collects a child's stderr, written by exec's copying goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveProcess is a running `hubd serve`.
type serveProcess struct {
	cmd    *exec.Cmd
	stdout []string // every line printed, once exited
	stderr *lockedBuffer
	lines  chan string   // stdout, line by line
	exited chan struct{} // closed when the process has been waited for
	url    string
}

// served is a `hubd serve` on an empty data dir, ready: the start most process tests share.
type served struct {
	bin, root, dataDir string
	env                []string
	srv                *serveProcess
}

// serveFresh builds hubd and runs `hubd serve` on an empty data dir in a reachable temp root
// named by pattern, on a free port, and waits until it answers.
func serveFresh(t *testing.T, pattern string) served {
	t.Helper()
	s := served{bin: buildHubd(t), root: reachableTempRoot(t, pattern)}
	s.dataDir = filepath.Join(s.root, "data")
	s.env = hubdEnv("HUBD_DATA_DIR="+s.dataDir, "HUBD_HTTP_ADDR=127.0.0.1:0")
	s.srv = startServe(t, s.bin, s.root, s.env)
	waitReady(t, s.srv.url, 90*time.Second)
	return s
}

// token is a bearer token of role, made by `hubd token` in the served environment.
func (s served) token(t *testing.T, role string) string {
	t.Helper()
	return strings.TrimSpace(runHubd(t, s.bin, s.root, s.env, "token", "--role", role))
}

// startServe runs `hubd serve` in dir and waits for the "hubd listening on URL" line.
func startServe(t *testing.T, bin, dir string, env []string) *serveProcess {
	t.Helper()
	p := &serveProcess{cmd: exec.Command(bin, "serve"), stderr: &lockedBuffer{},
		lines: make(chan string, 16), exited: make(chan struct{})}
	p.cmd.Dir, p.cmd.Env, p.cmd.Stderr = dir, env, p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		_ = p.cmd.Wait() // after the pipe is drained, as exec requires
		close(p.exited)
	}()
	t.Cleanup(func() { // a failed test must not leave hubd (and so PostgreSQL) running
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	deadline := time.After(90 * time.Second)
	for p.url == "" {
		select {
		case line, ok := <-p.lines:
			if !ok {
				<-p.exited
				t.Fatalf("hubd serve exited before listening: %v\nstderr:\n%s", p.cmd.ProcessState, p.stderr)
			}
			p.stdout = append(p.stdout, line)
			p.url, _ = strings.CutPrefix(line, "hubd listening on ")
		case <-deadline:
			t.Fatalf("hubd serve printed no address within 90s\nstderr:\n%s", p.stderr)
		}
	}
	return p
}

// nextLine waits up to 10s for serve's next line on stdout (kept in stdout too).
func (p *serveProcess) nextLine(t *testing.T) string {
	t.Helper()
	select {
	case line, ok := <-p.lines:
		if !ok {
			t.Fatalf("hubd serve closed stdout\nstderr:\n%s", p.stderr)
		}
		p.stdout = append(p.stdout, line)
		return line
	case <-time.After(10 * time.Second):
		t.Fatalf("hubd serve printed no further line within 10s\nstderr:\n%s", p.stderr)
	}
	return ""
}

// stop sends SIGTERM and requires a clean exit within 30s.
func (p *serveProcess) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("hubd serve still running 30s after SIGTERM\nstderr:\n%s", p.stderr)
	}
	for line := range p.lines {
		p.stdout = append(p.stdout, line)
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("hubd serve exited with %d after SIGTERM, want 0\nstderr:\n%s", code, p.stderr)
	}
}

// reachableTempRoot makes a temporary directory (removed when the test ends) that the local
// server can reach. Not t.TempDir(): its parents are 0700, and as root the server runs as the
// postgres user, who must be able to pass through every parent of the cluster directory.
func reachableTempRoot(t *testing.T, pattern string) string {
	t.Helper()
	root, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(root); err != nil {
			t.Error(err)
		}
	})
	if err := os.Chmod(root, 0o711); err != nil {
		t.Fatal(err)
	}
	return root
}
