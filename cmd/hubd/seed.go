package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

const seedUsage = `usage: hubd seed [--config PATH]

Loads the 17 Korean hubs (db/seed/korea-hubs.csv, built into hubd) into the configured
database or, when none is configured, the local PostgreSQL in <data_dir>/postgres. The schema
is migrated up first. A hub whose name a live hub already has is skipped, so running it again
adds nothing. Prints "seeded N hubs, M already present".

flags:
  --config PATH   configuration file (default: $HUBD_CONFIG, else configs/hubd.yaml if present)
`

func runSeed(args []string, out streams) int {
	fs := flagSet("seed")
	cfgPath := fs.String("config", "", "configuration file")
	pos, code, done := out.parse(fs, seedUsage, args)
	if done {
		return code
	}
	if code, done := out.noArgs(fs, seedUsage, pos); done {
		return code
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return out.fail("seed", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	created, skipped, err := seedHubs(ctx, cfg, out)
	if err != nil {
		return out.fail("seed", err)
	}
	fmt.Fprintf(out.stdout, "seeded %d hubs, %d already present\n", created, skipped)
	return exitOK
}

// seedHubs migrates the database up (the hubs need their table) and loads the Korean hubs.
func seedHubs(ctx context.Context, cfg config.Config, out streams) (created, skipped int, err error) {
	db, err := openDatabase(ctx, cfg, newLogger(cfg.Log, out.stderr))
	if err != nil {
		return 0, 0, err
	}
	defer func() { err = errors.Join(err, db.close(cfg.ShutdownTimeout)) }()
	if _, err := migrateUp(db.dsn); err != nil {
		return 0, 0, err
	}
	pool, app, err := openApplication(ctx, db.dsn, cfg.Database)
	if err != nil {
		return 0, 0, err
	}
	defer func() { err = errors.Join(err, pool.Close()) }()
	return seed.Load(ctx, seedCreator(app))
}
