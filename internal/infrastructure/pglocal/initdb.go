package pglocal

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// superuser is the cluster's bootstrap role. Fixing it (instead of
// inheriting the OS user name) keeps DSN independent of who launched us.
const superuser = "postgres"

// initdb creates the cluster. Trust authentication is safe here only
// because the server is bound to 127.0.0.1 with no Unix socket (see the
// package comment); it spares callers from managing a password. The C.UTF-8
// locale is deterministic across machines and, unlike a language locale,
// is always installed.
func initdb(ctx context.Context, binDir string, l layout, mode Mode, id identity) error {
	args := []string{
		"-D", l.data,
		"-U", superuser,
		"--auth=trust",
		"--encoding=UTF8",
		"--locale=C.UTF-8",
	}
	if mode == Throwaway {
		args = append(args, "--no-sync") // nothing to protect, and it saves seconds
	}
	if err := runTool(ctx, binDir, id, "initdb", l.data, args...); err != nil {
		return fmt.Errorf("pglocal: initdb %s failed: %w", l.data, err)
	}
	return nil
}

// runTool runs one of PostgreSQL's client programs (initdb, pg_basebackup)
// from binDir as the server user, to completion; the error carries its
// output, which is where it explains itself. dataDir is the cluster it
// works on: it runs from that directory's parent, because our own working
// directory may be unreadable to the server user.
func runTool(ctx context.Context, binDir string, id identity, name, dataDir string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, name), args...) //nolint:gosec // G204: PostgreSQL's own tools, from its bin dir, with arguments pglocal builds
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = id.env()
	cmd.Dir = filepath.Dir(dataDir)
	cmd.SysProcAttr = id.sysProcAttr()
	// initdb forks postgres --boot; kill the whole group so none is left.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		return fmt.Errorf("%w\n%s", err, strings.TrimSpace(out.String()))
	}
	return nil
}
