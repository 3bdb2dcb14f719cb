package pglocal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is a running postmaster. A single goroutine owns cmd.Wait so that
// both readiness polling and Stop can observe the exit through done.
type process struct {
	cmd  *exec.Cmd
	pid  int
	done chan struct{}
	err  error // cmd.Wait result; valid once done is closed
}

// spawn runs the postgres binary directly (not pg_ctl) so that the server
// is our child: we learn of its death at once and Pdeathsig applies.
func spawn(c cluster, port int) (*process, error) {
	l, id := c.lay, c.id
	// We open the log ourselves and pass the descriptor, so the server user
	// never needs write access to wherever the log lives.
	logf, err := os.OpenFile(l.logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("pglocal: open server log: %w", err)
	}
	defer func() { _ = logf.Close() }() // the child keeps its own copy of the descriptor; we wrote nothing
	if l.root == "" {
		// Inside a persistent cluster the log must not trip up the server
		// user's own tools (pg_basebackup copies every file in PGDATA).
		_ = id.chown(l.logPath)
	}

	args := []string{
		"-D", l.data,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", // loopback only: the basis of trust auth
		"-c", "unix_socket_directories=", // no socket dir to own or collide on
		"-c", "max_connections=200",
		"-c", "logging_collector=off", // keep everything on our log descriptor
	}
	if c.mode == Throwaway {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, setting := range c.settings {
		args = append(args, "-c", setting)
	}
	cmd := exec.Command(filepath.Join(c.binDir, "postgres"), args...) //nolint:gosec // G204: the server from PostgreSQL's bin dir, with settings pglocal builds
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = id.env()
	cmd.Dir = l.data
	cmd.SysProcAttr = id.sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pglocal: start postgres: %w", err)
	}
	p := &process{cmd: cmd, pid: cmd.Process.Pid, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited reports, without blocking, whether the postmaster is gone.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// signal targets the postmaster alone: it relays shutdown requests to its
// backends in the orderly way PostgreSQL expects. os.Process (pidfd-based on
// Linux) makes this safe even if the pid has already been reaped.
func (p *process) signal(sig syscall.Signal) {
	_ = p.cmd.Process.Signal(sig)
}

// kill is the last resort: SIGKILL the whole process group, since a killed
// postmaster cannot take its backends down, then wait until the group is
// empty so that no backend still holds the cluster's shared memory when we
// return. The group wait is bounded because exited orphans are reaped by
// init, which we do not control.
func (p *process) kill() {
	_ = syscall.Kill(-p.pid, syscall.SIGKILL)
	<-p.done
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if err := syscall.Kill(-p.pid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tailLines returns the end of the server log for error messages, because
// the real reason a start failed (port in use, locked dir...) is only there.
func tailLines(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(server log %s unreadable: %v)", path, err)
	}
	defer func() { _ = f.Close() }() // opened for reading: its Close loses nothing
	const maxTail = 64 << 10
	if fi, err := f.Stat(); err == nil && fi.Size() > maxTail {
		_, _ = f.Seek(fi.Size()-maxTail, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
