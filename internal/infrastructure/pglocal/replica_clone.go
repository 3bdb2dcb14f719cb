package pglocal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// clone makes a base backup of the primary into a sibling of the data
// directory and then moves it into place, replacing an empty directory or a
// standby that could not catch up. WAL is streamed alongside (-X stream), so
// the backup is consistent on its own; -R writes standby.signal and the
// primary's connection settings; --checkpoint=fast starts it at once rather
// than after a spread checkpoint.
func (c cluster) clone(ctx context.Context, primary *Server) error {
	if _, err := os.Stat(filepath.Join(c.binDir, "pg_basebackup")); err != nil {
		return fmt.Errorf("pglocal: pg_basebackup not found beside the server binaries in %s: %w", c.binDir, err)
	}
	parent, base := filepath.Dir(c.lay.data), filepath.Base(c.lay.data)
	if c.mode == Persistent {
		// A clone left by a run that died half-way is only a partial copy.
		stale, _ := filepath.Glob(filepath.Join(parent, base+".clone-*"))
		for _, dir := range stale {
			_ = os.RemoveAll(dir)
		}
	}
	tmp, err := os.MkdirTemp(parent, base+".clone-*") // 0700, as PostgreSQL requires
	if err != nil {
		return fmt.Errorf("pglocal: create the base backup dir: %w", err)
	}
	defer c.removeLeftover(tmp) // a failed backup; after the move, nothing
	if err := c.id.chown(tmp); err != nil {
		return fmt.Errorf("pglocal: chown the base backup dir to %s: %w", serverUser, err)
	}
	args := []string{
		"-D", tmp,
		"-h", "127.0.0.1",
		"-p", strconv.Itoa(primary.port),
		"-U", superuser,
		"-X", "stream",
		"-R",
		"--checkpoint=fast",
	}
	if c.mode == Throwaway {
		args = append(args, "--no-sync")
	}
	c.log.Info("pglocal: cloning the primary (pg_basebackup)")
	primary.cloneMu.Lock()
	err = runTool(ctx, c.binDir, c.id, "pg_basebackup", tmp, args...)
	primary.cloneMu.Unlock()
	if err != nil {
		return fmt.Errorf("pglocal: pg_basebackup from port %d failed: %w", primary.port, err)
	}
	// A persistent primary's server log lives in its cluster directory and
	// was copied with it; it is not this server's log.
	for _, name := range []string{persistentLogName, persistentLogName + ".prev"} {
		if err := os.Remove(filepath.Join(tmp, name)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("pglocal: remove the primary's copied log: %w", err)
		}
	}
	// os.Rename never replaces a directory, so the old one goes first: an
	// empty one is removed (Remove refuses anything else), a standby that
	// could not catch up is set aside and removed once replaced.
	if c.lay.initialized() {
		old := tmp + ".old" // matches the stale-clone pattern, should we die before removing it
		if err := os.Rename(c.lay.data, old); err != nil {
			return fmt.Errorf("pglocal: set the old standby aside: %w", err)
		}
		defer c.removeLeftover(old)
	} else if err := os.Remove(c.lay.data); err != nil {
		return fmt.Errorf("pglocal: %s must be empty or hold a standby: %w", c.lay.data, err)
	}
	if err := os.Rename(tmp, c.lay.data); err != nil {
		return fmt.Errorf("pglocal: move the base backup into %s: %w", c.lay.data, err)
	}
	return nil
}

// removeLeftover removes a directory the clone no longer needs. A failure does not undo the clone;
// it is logged, and the next clone of a persistent standby sweeps it as stale.
func (c cluster) removeLeftover(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		c.log.Warn("pglocal: remove a leftover of the clone", "dir", dir, "error", err.Error())
	}
}
