package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

const seedUsage = `usage: hubd seed [--synthetic N [--seed S] [--routes-per-hub K]] [--config PATH]

Loads the 17 Korean hubs (db/seed/korea-hubs.csv, built into hubd), then the 36 routes between
them (db/seed/korea-hub-routes.csv, each connection both ways), into the configured
database or, when none is configured, the local PostgreSQL in <data_dir>/postgres (the one a
running hubd serve started there, else one started for the command). The schema is migrated
up first. A hub whose name a live hub already has is skipped, and so is a route whose pair a
live route links or whose hub is not live, so running it again adds nothing and changes
nothing. Prints "seeded N hubs, M already present; R routes, S already present or without
live hubs".

With --synthetic N it adds N generated hubs instead, for benchmarks: Korean and Latin names
(about 70/30) tagged with a random run token so they never collide, addresses, zip codes and
locations inside South Korea, managers from a pool of 5,000 for about 95% of them, 10% deleted,
all created over the past three years. The 17 Korean hubs are not loaded in this mode. The rows
are streamed with COPY over two connections, 50,000 rows per transaction: a failed or
interrupted run keeps the transactions it committed (and says how many hubs they held) and
nothing of those in progress. With --routes-per-hub K the live hubs of the run are then linked
into one connected network of routes, each to about K of its nearest neighbours, both ways
(distance the great circle times 1.1 to 1.4, time at 60 to 80 km/h), COPYed in one
transaction. Before the routes, 2 or 3 shippers and about one company (named after its hub)
per live hub of the run are COPYed in one transaction. A progress bar goes to stderr, then
"added N synthetic hubs (D deleted), S shippers, C companies [and R routes] in T" to stdout.

flags:
  --config PATH   configuration file (default: $HUBD_CONFIG, else configs/hubd.yaml if present)
  --synthetic N   add N generated hubs (N at least 1) instead of the 17 Korean hubs
  --seed S        random seed of the generated hubs (default 1): the same seed gives the same
                  hubs, apart from their ids and the run token in their names
  --routes-per-hub K
                  also link the generated hubs by about K routes each (default 0: none)
`

func runSeed(args []string, out streams) int {
	fs := flagSet("seed")
	cfgPath := fs.String("config", "", "configuration file")
	synthetic := fs.Int("synthetic", 0, "generated hubs to add")
	randSeed := fs.Int64("seed", 1, "random seed of the generated hubs")
	routesPerHub := fs.Int("routes-per-hub", 0, "routes per generated hub")
	if code, done := out.parseNoArgs(fs, seedUsage, args); done {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["synthetic"] && *synthetic < 1 {
		return out.usageError(fs, seedUsage, "--synthetic must be at least 1, got %d", *synthetic)
	}
	if (set["seed"] || set["routes-per-hub"]) && !set["synthetic"] {
		return out.usageError(fs, seedUsage, "--seed and --routes-per-hub only apply with --synthetic")
	}
	if *routesPerHub < 0 || *routesPerHub > 100 {
		return out.usageError(fs, seedUsage, "--routes-per-hub must be between 0 and 100, got %d", *routesPerHub)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return out.fail("seed", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if set["synthetic"] {
		res, err := seedSynthetic(ctx, cfg, out, *synthetic, seed.SyntheticOptions{Seed: *randSeed, RoutesPerHub: *routesPerHub})
		if err != nil {
			return out.fail("seed", err)
		}
		routes := ""
		if *routesPerHub > 0 {
			routes = fmt.Sprintf(" and %d routes", res.Routes)
		}
		return out.printf("added %d synthetic hubs (%d deleted), %d shippers, %d companies%s in %.1fs\n",
			res.Added, res.Deleted, res.Shippers, res.Companies, routes, res.Elapsed.Seconds())
	}
	created, skipped, routes, routesSkipped, err := seedHubs(ctx, cfg, out)
	if err != nil {
		return out.fail("seed", err)
	}
	return out.printf("seeded %d hubs, %d already present; %d routes, %d already present or without live hubs\n",
		created, skipped, routes, routesSkipped)
}

// seedHubs migrates the database up (the hubs need their table) and loads the Korean hubs,
// then the routes between them.
func seedHubs(ctx context.Context, cfg config.Config, out streams) (created, skipped, routes, routesSkipped int, err error) {
	db, err := openDatabase(ctx, cfg, newLogger(cfg.Log, out.stderr))
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer func() { err = errors.Join(err, db.close(cfg.ShutdownTimeout)) }()
	if _, err := migrateUp(db.dsn); err != nil {
		return 0, 0, 0, 0, err
	}
	st, err := openApplication(ctx, db.dsn, db.readDSNs, cfg.Database)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer func() { err = errors.Join(err, st.close()) }()
	return seedAll(ctx, st.app)
}

// seedSynthetic migrates the database up and adds n generated hubs, with a progress bar on
// stderr. Interrupted, it reports the hubs it committed along with the error.
func seedSynthetic(ctx context.Context, cfg config.Config, out streams, n int, o seed.SyntheticOptions) (res seed.SyntheticResult, err error) {
	db, err := openDatabase(ctx, cfg, newLogger(cfg.Log, out.stderr))
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, db.close(cfg.ShutdownTimeout)) }()
	if _, err := migrateUp(db.dsn); err != nil {
		return res, err
	}
	c := cfg.Database
	pool, err := postgres.Open(ctx, db.dsn, postgres.PoolConfig{MaxOpenConns: c.MaxOpenConns,
		MaxIdleConns: c.MaxIdleConns, ConnMaxLifetime: c.ConnMaxLifetime, ConnMaxIdleTime: c.ConnMaxIdleTime})
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, pool.Close()) }()
	o.Progress = out.stderr
	res, err = seed.Synthetic(ctx, pool.DB, n, o)
	if err != nil && res.Added > 0 {
		err = fmt.Errorf("%w (%d synthetic hubs were added before)", err, res.Added)
	}
	return res, err
}
