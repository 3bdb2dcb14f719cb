package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// server is a running `hubd serve`.
type server struct {
	cmd      *exec.Cmd
	url      string
	exited   chan struct{} // closed once the process has been waited for
	err      error         // its exit status, once exited is closed
	logLines atomic.Int64  // lines hubd wrote to stderr (it logs at warn and above)
}

// maxEchoedLogLines is how many of hubd's log lines are passed on to our stderr.
const maxEchoedLogLines = 20

// startServer runs hubd serve in dir and waits for the line that says where it listens, which
// must be on 127.0.0.1. hubd gets its own process group, so a Ctrl-C reaches only us and we
// stop it in order; the parent-death signal covers a crash of ours.
func startServer(ctx context.Context, bin, dir string, env []string) (*server, error) {
	cmd := exec.Command(bin, "serve")
	cmd.Dir, cmd.Env = dir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start hubd serve: %w", err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	found := make(chan string, 1)
	logsDone := make(chan struct{})
	go func() { // hubd's log: counted, the first lines echoed
		defer close(logsDone)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			if s.logLines.Add(1) <= maxEchoedLogLines {
				fmt.Fprintln(os.Stderr, "hubd:", sc.Text())
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "hubd listening on "); ok {
				select {
				case found <- strings.TrimSpace(u):
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		<-logsDone
		s.err = cmd.Wait() // after both pipes are drained, as StdoutPipe requires
		close(s.exited)
	}()
	select {
	case u := <-found:
		s.url = strings.TrimRight(u, "/")
	case <-s.exited:
		return s, fmt.Errorf("hubd serve exited before listening: %v", s.err)
	case <-time.After(60 * time.Second):
		return s, errors.New("hubd serve did not say where it listens within 60s")
	case <-ctx.Done():
		return s, ctx.Err()
	}
	if pu, err := url.Parse(s.url); err != nil || pu.Scheme != "http" || pu.Hostname() != "127.0.0.1" {
		return s, fmt.Errorf("hubd serve listens on %q, not on http://127.0.0.1", s.url)
	}
	return s, nil
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// stop sends SIGTERM and waits for hubd to drain and exit; after timeout it kills it. It
// returns how long the exit took and hubd's exit error.
func (s *server) stop(timeout time.Duration) (time.Duration, error) {
	began := time.Now()
	select {
	case <-s.exited:
		return 0, s.err
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return 0, fmt.Errorf("stop hubd: %w", err)
	}
	select {
	case <-s.exited:
		return time.Since(began), s.err
	case <-time.After(timeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return time.Since(began), fmt.Errorf("hubd serve did not stop within %v after SIGTERM: killed", timeout)
	}
}

// waitReady polls /readyz until it answers 200.
func waitReady(ctx context.Context, base string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if err != nil {
			return err
		}
		if res, err := http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("hubd not ready: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
