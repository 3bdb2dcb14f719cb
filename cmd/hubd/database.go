package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/pglocal"
)

// localDatabaseName is the database hubd keeps its tables in on the local server. Not the
// server's own "postgres" database: that stays the maintenance database PostgreSQL means it to
// be, and a `DROP DATABASE hubd` resets hubd without touching the cluster.
const localDatabaseName = "hubd"

// clusterDirName is the local cluster's directory inside the data dir.
const clusterDirName = "postgres"

// replicaDirPrefix names the local read replicas' clusters in the data dir: replica-1, replica-2...
const replicaDirPrefix = "replica-"

// database is the PostgreSQL a command works on: the configured URL, or the local server that
// openDatabase started. serve, migrate and seed all get it here, so they always agree.
type database struct {
	dsn   string
	local *pglocal.Server // nil when a URL is configured
	// replicas are the local read replicas of serve --replicas, streaming from local.
	replicas []*pglocal.Server
	// readDSNs are the read replicas queries go to (HUBD_READ_DATABASE_URL, or the local
	// replicas of serve --replicas); none: queries read the primary.
	readDSNs []string
}

// openDatabase is what migrate and seed use: openReplicatedDatabase without local replicas,
// except that when the local PostgreSQL is already running (a hubd serve on the same data dir
// started it), they use that server rather than fail on its lock file, and leave it running.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*database, error) {
	if cfg.Database.URL == "" {
		running, err := pglocal.FindRunning(ctx, filepath.Join(cfg.DataDir, clusterDirName))
		if err != nil {
			return nil, err
		}
		if running != nil {
			log.Info("using the local PostgreSQL already running on the data dir (hubd serve?)",
				"pid", running.PID, "port", running.Port)
			d := &database{dsn: running.DSN(localDatabaseName)}
			return d, createDatabaseIfMissing(ctx, running.DSN("postgres"), localDatabaseName)
		}
	}
	return openReplicatedDatabase(ctx, cfg, log, 0)
}

// openReplicatedDatabase uses cfg.Database.URL when set, with cfg.Database.ReadURLs as its
// read replicas. Otherwise it starts the local PostgreSQL (persistent, in <data_dir>/postgres;
// one already running there, another serve's, is an error that says so),
// makes sure the hubd database exists on it, and then starts that many streaming replicas of it
// in <data_dir>/replica-1 ... replica-N: after the database, so that their base backups hold it.
// A replica directory from an earlier run is reused and catches up.
func openReplicatedDatabase(ctx context.Context, cfg config.Config, log *slog.Logger, replicas int) (*database, error) {
	if cfg.Database.URL != "" {
		if replicas > 0 {
			return nil, fmt.Errorf("local replicas need the local PostgreSQL; with a database URL set "+
				"%s to its replicas", config.EnvReadDatabaseURL)
		}
		log.Info("using the configured database", "read_replicas", len(cfg.Database.ReadURLs))
		return &database{dsn: cfg.Database.URL, readDSNs: cfg.Database.ReadURLs}, nil
	}
	if err := config.EnsureDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	clusterDir := filepath.Join(cfg.DataDir, clusterDirName)
	if running, err := pglocal.FindRunning(ctx, clusterDir); err != nil {
		return nil, err
	} else if running != nil {
		// Two serves on one cluster would stop it under each other; say so plainly instead of
		// PostgreSQL's "lock file postmaster.pid already exists".
		return nil, fmt.Errorf("the local PostgreSQL in %s is already running (pid %d, port %d), most "+
			"likely for another hubd serve on this data dir: stop that one, or give this one another "+
			"data dir (%s)", clusterDir, running.PID, running.Port, config.EnvDataDir)
	}
	srv, err := pglocal.Start(ctx, pglocal.Options{
		Mode:    pglocal.Persistent,
		DataDir: clusterDir,
		Logger:  log,
	})
	if err != nil {
		return nil, fmt.Errorf("start the local PostgreSQL (or set %s): %w", config.EnvDatabaseURL, err)
	}
	d := &database{dsn: srv.DSN(localDatabaseName), local: srv}
	if err := createDatabaseIfMissing(ctx, srv.DSN("postgres"), localDatabaseName); err != nil {
		return nil, errors.Join(err, d.close(cfg.ShutdownTimeout))
	}
	for i := 1; i <= replicas; i++ {
		r, err := pglocal.StartReplica(ctx, srv, pglocal.ReplicaOptions{
			Mode:    pglocal.Persistent,
			DataDir: filepath.Join(cfg.DataDir, replicaDirPrefix+strconv.Itoa(i)),
			Logger:  log,
		})
		if err != nil {
			err = fmt.Errorf("start local read replica %d of %d: %w", i, replicas, err)
			return nil, errors.Join(err, d.close(cfg.ShutdownTimeout))
		}
		d.replicas = append(d.replicas, r)
		d.readDSNs = append(d.readDSNs, r.DSN(localDatabaseName))
		log.Info("read replica ready", "replica", i, "port", r.Port(), "data_dir", r.DataDir())
	}
	return d, nil
}

// close stops the local replicas, then the local server, if there are any, allowing each step
// timeout for a clean shutdown. The replicas go first so that the primary's shutdown checkpoint
// is the last thing written, and they stop together: they do not depend on each other.
func (d *database) close(timeout time.Duration) error {
	if d.local == nil {
		return nil
	}
	errs := make([]error, len(d.replicas)+1)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var wg sync.WaitGroup
	for i, r := range d.replicas {
		wg.Go(func() { errs[i] = r.Stop(ctx) })
	}
	wg.Wait()
	pctx, pcancel := context.WithTimeout(context.Background(), timeout)
	defer pcancel()
	errs[len(d.replicas)] = d.local.Stop(pctx)
	return errors.Join(errs...)
}

// createDatabaseIfMissing runs CREATE DATABASE only when needed, since it cannot be made
// conditional in SQL (nor run in a transaction). A concurrent creator is not an error.
func createDatabaseIfMissing(ctx context.Context, adminDSN, name string) error {
	db, err := sql.Open("postgres", adminDSN)
	if err != nil {
		return fmt.Errorf("connect to the local PostgreSQL: %w", err)
	}
	defer db.Close()
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil {
		return fmt.Errorf("look for database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name))
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42P04" { // duplicate_database
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}
