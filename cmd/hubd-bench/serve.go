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
	"syscall"
	"time"
)

// server is a running `hubd serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	exited chan struct{} // closed when the process has been waited for
	err    error         // its exit status, once exited is closed
}

// startServer runs hubd serve and waits for the line that says where it listens, which must
// be a loopback address. The process gets its own process group, so a Ctrl-C reaches only
// hubd-bench, which then stops hubd in order; a parent-death signal covers a crash of ours.
func startServer(ctx context.Context, bin, dir string, env []string) (*server, error) {
	cmd := exec.Command(bin, "serve")
	cmd.Dir, cmd.Env, cmd.Stderr = dir, env, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start hubd serve: %w", err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	found := make(chan string, 1)
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
		s.err = cmd.Wait() // after the pipe is drained, as StdoutPipe requires
		close(s.exited)
	}()
	select {
	case u := <-found:
		s.url = u
	case <-s.exited:
		return s, fmt.Errorf("hubd serve exited before listening: %v", s.err)
	case <-time.After(60 * time.Second):
		return s, errors.New("hubd serve did not say where it listens within 60s")
	case <-ctx.Done():
		return s, ctx.Err()
	}
	pu, err := url.Parse(s.url)
	if err != nil || pu.Scheme != "http" || pu.Hostname() != "127.0.0.1" {
		return s, fmt.Errorf("hubd serve listens on %q, not on http://127.0.0.1", s.url)
	}
	s.url = strings.TrimRight(s.url, "/")
	return s, nil
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// stop sends SIGTERM and waits for hubd to drain and exit; after timeout it kills it.
func (s *server) stop(timeout time.Duration) error {
	select {
	case <-s.exited:
		return nil // already gone; its status was reported where it mattered
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop hubd: %w", err)
	}
	select {
	case <-s.exited:
		if s.err != nil {
			return fmt.Errorf("hubd serve: %w", s.err)
		}
		return nil
	case <-time.After(timeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("hubd serve did not stop within %v after SIGTERM: killed", timeout)
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
