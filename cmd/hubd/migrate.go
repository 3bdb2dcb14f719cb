package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

const migrateUsage = `usage: hubd migrate up|down N|down --all|version [--config PATH]

Applies or reverts the migrations built into hubd, against the configured database or, when
none is configured, the local PostgreSQL in <data_dir>/postgres: the one a running hubd serve
started there (left running), else one started for the command and stopped after it.

  up        apply every migration not yet applied
  down N    revert the last N migrations (N at least 1)
  down --all
            revert every migration, dropping every table and all its data; down without
            N or --all is refused, so that this never happens by accident
  version   print the applied version, e.g. "version 1 (clean)"; "dirty" means a migration
            failed half-way and the schema needs repair by hand

flags:
  --all           with down: revert every migration
  --config PATH   configuration file (default: $HUBD_CONFIG, else configs/hubd.yaml if present)
`

func runMigrate(args []string, out streams) int {
	fs := flagSet("migrate")
	cfgPath := fs.String("config", "", "configuration file")
	all := fs.Bool("all", false, "with down: revert every migration")
	pos, code, done := out.parse(fs, migrateUsage, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return out.usageError(fs, migrateUsage, "missing action: up, down or version")
	}
	steps := 0 // down: 0 reverts all
	switch action := pos[0]; {
	case action != "up" && action != "down" && action != "version":
		return out.usageError(fs, migrateUsage, "unknown action %q: want up, down or version", action)
	case *all && action != "down":
		return out.usageError(fs, migrateUsage, "--all only applies to down")
	case (action == "up" || action == "version") && len(pos) == 1:
	case action == "down" && len(pos) == 1 && !*all:
		// As the golang-migrate CLI asks before it, so a bare "down" cannot drop every table.
		return out.usageError(fs, migrateUsage, "down without N would revert every migration and drop "+
			"every table: give N (e.g. down 1) to revert the last N, or --all to revert them all")
	case action == "down" && len(pos) == 1:
	case action == "down" && len(pos) == 2 && *all:
		return out.usageError(fs, migrateUsage, "down takes N or --all, not both")
	case action == "down" && len(pos) == 2:
		n, err := strconv.Atoi(pos[1])
		if err != nil || n < 1 {
			return out.usageError(fs, migrateUsage, "down N: N must be a positive number, got %q", pos[1])
		}
		steps = n
	default:
		return out.usageError(fs, migrateUsage, "too many arguments for %s", action)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return out.fail("migrate", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := migrate(ctx, cfg, pos[0], steps, out); err != nil {
		return out.fail("migrate", err)
	}
	return exitOK
}

// migrate runs one action and prints the version it leaves the schema at.
func migrate(ctx context.Context, cfg config.Config, action string, steps int, out streams) (err error) {
	log := newLogger(cfg.Log, out.stderr)
	db, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(cfg.ShutdownTimeout)) }()
	m, err := postgres.NewMigrator(db.dsn, postgres.MigrateLogger(log)) // up logs name key conflicts
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	switch action {
	case "up":
		if err := m.Up(); err != nil {
			return fmt.Errorf("up: %w", err)
		}
		return printVersion(out.stdout, "migrated up: ", m)
	case "down":
		if err := m.Down(steps); err != nil {
			return fmt.Errorf("down: %w", err)
		}
		return printVersion(out.stdout, "migrated down: ", m)
	}
	return printVersion(out.stdout, "", m)
}

// printVersion prints "version N (clean)" or "version N (dirty)".
func printVersion(w io.Writer, prefix string, m *postgres.Migrator) error {
	v, dirty, err := m.Version()
	if err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	state := "clean"
	if dirty {
		state = "dirty"
	}
	_, err = fmt.Fprintf(w, "%sversion %d (%s)\n", prefix, v, state)
	return err
}
