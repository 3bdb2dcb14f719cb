package harness

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

// Server is a running `hubd serve`.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been waited for
	err    error         // its exit status, once exited is closed
}

// StartServer runs hubd serve in dir and waits for the line that says where it listens, which
// must be on 127.0.0.1. Every line hubd writes to stderr (its log) is passed to logLine, from
// one goroutine. hubd gets its own process group, so a Ctrl-C reaches only us and we stop it in
// order; the parent-death signal covers a crash of ours. With an error the returned Server (if
// not nil) still has to be stopped.
func StartServer(ctx context.Context, bin, dir string, env []string, logLine func(string)) (*Server, error) {
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
	s := &Server{cmd: cmd, exited: make(chan struct{})}
	found := make(chan string, 1)
	logsDone := make(chan struct{})
	go func() {
		defer close(logsDone)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			logLine(sc.Text())
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
		s.URL = strings.TrimRight(u, "/")
	case <-s.exited:
		return s, fmt.Errorf("hubd serve exited before listening: %v", s.err)
	case <-time.After(60 * time.Second):
		return s, errors.New("hubd serve did not say where it listens within 60s")
	case <-ctx.Done():
		return s, ctx.Err()
	}
	if pu, err := url.Parse(s.URL); err != nil || pu.Scheme != "http" || pu.Hostname() != "127.0.0.1" {
		return s, fmt.Errorf("hubd serve listens on %q, not on http://127.0.0.1", s.URL)
	}
	return s, nil
}

// PID is hubd's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Exited reports whether hubd has exited (and been waited for).
func (s *Server) Exited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// Stop sends SIGTERM and waits for hubd to drain and exit; after timeout it kills it. It
// returns how long the exit took and hubd's exit error; 0 and that error when hubd had exited
// already.
func (s *Server) Stop(timeout time.Duration) (time.Duration, error) {
	began := time.Now()
	if s.Exited() {
		return 0, s.err
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

// WaitReady polls base/readyz until it answers 200.
func WaitReady(ctx context.Context, base string, timeout time.Duration) error {
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
