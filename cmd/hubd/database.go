package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
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

// database is the PostgreSQL a command works on: the configured URL, or the local server that
// openDatabase started. serve, migrate and seed all get it here, so they always agree.
type database struct {
	dsn   string
	local *pglocal.Server // nil when a URL is configured
	// readDSNs are the read replicas queries go to (HUBD_READ_DATABASE_URL, or the local
	// replicas of serve --replicas); none: queries read the primary.
	readDSNs []string
}

// openDatabase uses cfg.Database.URL when set. Otherwise it starts the local PostgreSQL
// (persistent, in <data_dir>/postgres) and makes sure the hubd database exists on it.
func openDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*database, error) {
	if cfg.Database.URL != "" {
		log.Info("using the configured database")
		return &database{dsn: cfg.Database.URL}, nil
	}
	if err := config.EnsureDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	srv, err := pglocal.Start(ctx, pglocal.Options{
		Mode:    pglocal.Persistent,
		DataDir: filepath.Join(cfg.DataDir, clusterDirName),
		Logger:  log,
	})
	if err != nil {
		return nil, fmt.Errorf("start the local PostgreSQL (or set %s): %w", config.EnvDatabaseURL, err)
	}
	d := &database{dsn: srv.DSN(localDatabaseName), local: srv}
	if err := createDatabaseIfMissing(ctx, srv.DSN("postgres"), localDatabaseName); err != nil {
		return nil, errors.Join(err, d.close(cfg.ShutdownTimeout))
	}
	return d, nil
}

// close stops the local server, if there is one, allowing it timeout for a clean shutdown.
func (d *database) close(timeout time.Duration) error {
	if d.local == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.local.Stop(ctx)
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
