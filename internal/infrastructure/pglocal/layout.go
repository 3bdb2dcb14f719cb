package pglocal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// persistentLogName sits inside the cluster directory: the server ignores
// unknown files there, and the parent directory is not ours to write to.
// It is created only after initdb, which insists on an empty directory.
const persistentLogName = "hubd-server.log"

// errNotDir is returned when a configured data dir exists but is a file.
var errNotDir = errors.New("not a directory")

// layout is where a cluster and its server log live on disk.
type layout struct {
	root    string // Throwaway only: the temp root that Stop removes
	data    string // the cluster directory passed to -D
	logPath string // server stdout/stderr, opened by us so ownership is moot
}

// prepareLayout creates and hands over the directories before initdb, and
// checks reachability early so a doomed Start fails before any slow work.
func prepareLayout(o Options, id identity) (layout, error) {
	var l layout
	var err error
	if o.Mode == Throwaway {
		l, err = prepareThrowaway(id)
	} else {
		l, err = preparePersistent(o.DataDir, id)
	}
	if err != nil {
		return l, err
	}
	if err := id.checkReachable(l.data); err != nil {
		return layout{}, l.discardAfter(err)
	}
	return l, nil
}

// prepareThrowaway builds hubd-pg-*/data with the log beside data rather
// than in it, so the cluster directory stays exactly what initdb made. The
// root stays root-owned but gets 0711 so the server user can pass through
// without being able to list or touch our log.
func prepareThrowaway(id identity) (layout, error) {
	sweepStaleThrowaways()
	root, err := os.MkdirTemp("", "hubd-pg-*")
	if err != nil {
		return layout{}, fmt.Errorf("pglocal: create temp dir: %w", err)
	}
	l := layout{root: root, data: filepath.Join(root, "data"), logPath: filepath.Join(root, "server.log")}
	if err := writeOwner(root); err != nil {
		return layout{}, l.discardAfter(fmt.Errorf("pglocal: write owner: %w", err))
	}
	if err := os.Chmod(root, 0o711); err != nil { //nolint:gosec // G302: a directory the server user passes through, as said above
		return layout{}, l.discardAfter(fmt.Errorf("pglocal: chmod temp dir: %w", err))
	}
	if err := os.Mkdir(l.data, 0o700); err != nil {
		return layout{}, l.discardAfter(fmt.Errorf("pglocal: create data dir: %w", err))
	}
	if err := id.chown(l.data); err != nil {
		return layout{}, l.discardAfter(fmt.Errorf("pglocal: chown data dir to %s: %w", serverUser, err))
	}
	return l, nil
}

// preparePersistent creates DataDir if needed and repairs its ownership,
// since a cluster restored or copied by root would otherwise not start.
func preparePersistent(dir string, id identity) (layout, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return layout{}, fmt.Errorf("pglocal: data dir: %w", err)
	}
	l := layout{data: dir, logPath: filepath.Join(dir, persistentLogName)}
	fi, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		if err := mkdirParents(dir); err != nil {
			return layout{}, fmt.Errorf("pglocal: create parents of %s: %w", dir, err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return layout{}, fmt.Errorf("pglocal: create data dir: %w", err)
		}
		err = id.chown(dir)
	case err != nil:
		return layout{}, fmt.Errorf("pglocal: data dir: %w", err)
	case !fi.IsDir():
		return layout{}, fmt.Errorf("pglocal: data dir %s: %w", dir, errNotDir)
	case !id.ownedBy(fi):
		err = id.chownTree(dir)
	}
	if err != nil {
		return layout{}, fmt.Errorf("pglocal: chown data dir %s to %s: %w", dir, serverUser, err)
	}
	return l, nil
}

// discard removes what a Throwaway run created; Persistent data is never
// deleted, not even after a failed first start.
func (l layout) discard() error {
	if l.root == "" {
		return nil
	}
	return os.RemoveAll(l.root)
}

// discardAfter removes a throwaway directory after a failed step, keeping the step's error first.
func (l layout) discardAfter(err error) error {
	if rmErr := l.discard(); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("pglocal: remove temp dir: %w", rmErr))
	}
	return err
}

// initialized uses PG_VERSION as the marker, as PostgreSQL itself does.
func (l layout) initialized() bool {
	_, err := os.Stat(filepath.Join(l.data, "PG_VERSION"))
	return err == nil
}
