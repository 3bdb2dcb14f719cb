package pglocal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ReplicaOptions configures StartReplica. The zero value is a valid
// throwaway replica.
type ReplicaOptions struct {
	// Mode chooses a disposable or a durable standby, with the same
	// durability settings as a primary of that mode.
	Mode Mode
	// DataDir is the standby's cluster directory in Persistent mode
	// (required; created with any missing parents). An empty directory is
	// filled with a base backup of the primary; one that already holds a
	// standby (standby.signal) is started as it is and catches up. Throwaway
	// ignores it and uses a temporary directory that Stop removes.
	DataDir string
	// Logger receives lifecycle events; nil discards them.
	Logger *slog.Logger
	// StartTimeout bounds the whole of StartReplica (the base backup
	// included); 0 means 60s.
	StartTimeout time.Duration
}

// errWALRemoved is a standby that can never catch up by streaming: the
// primary has recycled WAL the standby has not received yet (it was down
// while the primary wrote and checkpointed). Only a new base backup helps.
var errWALRemoved = errors.New("the primary has removed WAL this standby still needs")

// StartReplica starts a hot standby of primary that streams its WAL: a
// read-only server on its own free loopback port, ready once it accepts
// connections, is in recovery and its WAL receiver is streaming. It runs
// with the primary's binaries and as the same OS user, and its *Server
// works like the primary's (DSN, Port, Stop; Stop of a Throwaway replica
// removes its directory).
//
// A directory without a cluster gets a base backup (pg_basebackup -X stream
// -R) made into a sibling directory and moved into place only once
// complete, so a directory holding a cluster always holds a whole one. A
// Persistent standby that can no longer catch up (the primary recycled WAL
// it still needs) is replaced by a new base backup: a standby holds nothing
// of its own. The primary's connection settings are given on the command
// line at every start, so a primary on another port after a restart is
// still found. On failure StartReplica leaves no process and, in Throwaway
// mode, no directory behind.
//
// The primary needs nothing set up: initdb --auth=trust lets 127.0.0.1 make
// replication connections (pg_hba.conf), and the default max_wal_senders of
// 10 leaves room for several standbys (each takes one WAL sender, a base
// backup two while it runs). Base backups of one primary are taken one at a
// time, so replicas may be started concurrently.
func StartReplica(ctx context.Context, primary *Server, opts ReplicaOptions) (*Server, error) {
	if primary == nil || primary.proc == nil {
		return nil, errors.New("pglocal: StartReplica needs a running primary")
	}
	o, err := Options{Mode: opts.Mode, DataDir: opts.DataDir, Logger: opts.Logger,
		StartTimeout: opts.StartTimeout}.normalized()
	if err != nil {
		return nil, err
	}
	if primary.proc.exited() {
		return nil, fmt.Errorf("pglocal: the primary on port %d is not running", primary.port)
	}
	id, err := currentIdentity()
	if err != nil {
		return nil, err
	}
	lay, err := prepareLayout(o, id)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.StartTimeout)
	defer cancel()
	c := cluster{binDir: primary.binDir, lay: lay, mode: o.Mode, id: id, standby: true,
		settings: standbySettings(primary.port, lay.name()),
		log:      o.Logger.With("mode", o.Mode.String(), "data_dir", lay.data, "primary_port", primary.port)}
	s, err := c.cloneAndRun(ctx, primary)
	if err != nil {
		return nil, c.discardAfter(err)
	}
	return s, nil
}

// cloneAndRun makes the base backup when the directory holds no cluster,
// then runs the standby; a Persistent standby too far behind is cloned anew.
func (c cluster) cloneAndRun(ctx context.Context, primary *Server) (*Server, error) {
	switch {
	case !c.lay.initialized():
		if err := c.clone(ctx, primary); err != nil {
			return nil, err
		}
	case !c.lay.standby():
		return nil, fmt.Errorf("pglocal: %s holds a cluster that is not a standby (no standby.signal); "+
			"refusing to run it as a replica: move it away to clone the primary there", c.lay.data)
	default:
		if err := c.sameSystem(ctx, primary); err != nil {
			return nil, err
		}
		stale, err := c.behindRecycledWAL(ctx, primary)
		if err != nil {
			c.log.Warn("pglocal: cannot tell whether the standby can catch up; starting it", "err", err.Error())
		}
		if stale && c.mode == Persistent {
			c.log.Warn("pglocal: the standby needs WAL the primary has recycled; replacing it with a new base backup")
			if err := c.clone(ctx, primary); err != nil {
				return nil, err
			}
		} else {
			c.log.Info("pglocal: reusing the standby in the data dir")
		}
	}
	s, err := c.run(ctx)
	if errors.Is(err, errWALRemoved) && c.mode == Persistent {
		c.log.Warn("pglocal: the standby cannot catch up; replacing it with a new base backup", "err", err.Error())
		if err := c.clone(ctx, primary); err != nil {
			return nil, err
		}
		return c.run(ctx)
	}
	return s, err
}

// standbySettings point the standby at its primary. Given on the command
// line they beat the primary_conninfo that -R wrote, which names the port
// the primary had when the backup was made. application_name is how the
// standby shows in the primary's pg_stat_replication.
func standbySettings(primaryPort int, name string) []string {
	conninfo := fmt.Sprintf("host=127.0.0.1 port=%d user=%s application_name=%s",
		primaryPort, superuser, conninfoQuote(name))
	return []string{"hot_standby=on", "primary_conninfo=" + conninfo}
}

// conninfoQuote quotes a libpq connection-string value.
func conninfoQuote(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// replicationFailure recognizes, in a standby's server log, the replication
// errors that retrying cannot cure.
func replicationFailure(logTail string) error {
	switch {
	case strings.Contains(logTail, "has already been removed"):
		return errWALRemoved
	case strings.Contains(logTail, "database system identifier differs"):
		return errors.New("the standby was cloned from another cluster than this primary: " +
			"move its data dir away to clone the primary anew")
	}
	return nil
}

// standby reports whether the cluster is a standby, by the marker file
// that -R writes and that PostgreSQL itself goes by.
func (l layout) standby() bool {
	_, err := os.Stat(filepath.Join(l.data, "standby.signal"))
	return err == nil
}

// name identifies the cluster to humans: the throwaway root's name (its data
// dir is always "data"), else the cluster directory's.
func (l layout) name() string {
	if l.root != "" {
		return filepath.Base(l.root)
	}
	return filepath.Base(l.data)
}
