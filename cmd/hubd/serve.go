package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/netio"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/token"
	"github.com/hubd/hubd/internal/interfaces/console"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/companyapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/hubapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/networkapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/routeapi"
	"github.com/hubd/hubd/internal/interfaces/httpapi/shipperapi"
)

const serveUsage = `usage: hubd serve [--addr ADDR] [--config PATH] [--replicas N]

Runs the HTTP service until SIGINT or SIGTERM, then stops taking connections, lets requests in
flight finish (shutdown_timeout), and stops the local PostgreSQL if it started one.

Without a database URL it starts a local PostgreSQL in <data_dir>/postgres and uses its
database hubd. The schema is migrated up on every start; when it had no migration applied
(a first start) the 17 Korean hubs are loaded, with a configured database too.

Queries (get, search, the event feed) are served by read replicas when there are any, commands
by the primary; a query that sends back a command's X-Consistency-Token still sees that command.
With a database URL the replicas are $HUBD_READ_DATABASE_URL (database.read_urls); with the
local PostgreSQL, --replicas N starts N streaming replicas of it in <data_dir>/replica-1 ...
replica-N (kept across restarts, like the primary) and logs their ports.

flags:
  --addr ADDR     listen address, e.g. :8080 or 127.0.0.1:0 (default: http.addr, $HUBD_HTTP_ADDR)
  --config PATH   configuration file (default: $HUBD_CONFIG, else configs/hubd.yaml if present)
  --replicas N    local read replicas to start, only with the local PostgreSQL (default 0)

limits (http.* in the configuration file, or these variables); past one, 429 or 503 with Retry-After:
  $HUBD_RATE_LIMIT, $HUBD_RATE_BURST       requests a second per verified caller (token sub), and
                                           at once (default 1000 and 2000; a rate of 0: no limit)
  $HUBD_ANONYMOUS_RATE_LIMIT, $HUBD_ANONYMOUS_RATE_BURST
                                           the same per client address for requests without a
                                           valid token (default 100 and 200)
  $HUBD_MAX_STREAMS, $HUBD_MAX_STREAMS_PER_CALLER
                                           event streams open at once, in total (503 past it) and
                                           per caller (429 past it) (default 1000 and 20)
`

func runServe(args []string, out streams) int {
	fs := flagSet("serve")
	addr := fs.String("addr", "", "listen address")
	cfgPath := fs.String("config", "", "configuration file")
	replicas := fs.Int("replicas", 0, "local read replicas")
	if code, done := out.parseNoArgs(fs, serveUsage, args); done {
		return code
	}
	if *replicas < 0 {
		return out.usageError(fs, serveUsage, "--replicas must not be negative, got %d", *replicas)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return out.fail("serve", err)
	}
	if *replicas > 0 && cfg.Database.URL != "" {
		return out.usageError(fs, serveUsage, "--replicas starts replicas of the local PostgreSQL, but a "+
			"database URL is configured: name its read replicas in %s (database.read_urls) instead",
			config.EnvReadDatabaseURL)
	}
	if *addr != "" {
		cfg.HTTP.Addr = *addr
	}
	log := newLogger(cfg.Log, out.stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, stop, cfg, *replicas, log, out.stdout); err != nil {
		log.Error("hubd stopped with an error", "error", err.Error())
		return exitError
	}
	log.Info("hubd stopped")
	return exitOK
}

// serve wires everything and runs until ctx ends. Deferred steps undo the wiring in reverse:
// the HTTP server has drained before the pool closes, and the pool before PostgreSQL stops.
func serve(ctx context.Context, stopSignals func(), cfg config.Config, replicas int, log *slog.Logger,
	stdout io.Writer) (err error) {
	secret, err := jwtSecret(cfg)
	if err != nil {
		return err
	}
	tokens, err := token.NewHS256(secret, tokenOptions(cfg)...)
	if err != nil {
		return err
	}
	// The listen address first: a taken port must not cost an initdb, migrations and seeding.
	ln, err := listen(cfg.HTTP.Addr)
	if err != nil {
		return err
	}
	defer ln.Close() // for a failed start; once serving, the server's Shutdown has closed it
	db, err := openReplicatedDatabase(ctx, cfg, log, replicas)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(cfg.ShutdownTimeout)) }()
	fresh, err := migrateUp(db.dsn, postgres.MigrateLogger(log))
	if err != nil {
		return err
	}
	// /metrics serves a registry of hubd's own: the Go runtime and the process, the pools, the
	// search count queries, and (registered by httpapi.NewMetrics) the requests.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	repoMetrics, err := postgres.NewMetrics(reg)
	if err != nil {
		return err
	}
	st, err := openApplication(ctx, db.dsn, db.readDSNs, cfg.Database, postgres.WithMetrics(repoMetrics))
	if err != nil {
		return err
	}
	reg.MustRegister(postgres.NewPoolCollector(st.primary, st.replicas))
	httpMetrics, err := httpapi.NewMetrics(reg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.close()) }()
	app := st.app
	if fresh {
		created, skipped, routes, routesSkipped, err := seedAll(ctx, app)
		if err != nil {
			return fmt.Errorf("load the Korean hubs and routes on first start: %w", err)
		}
		log.Info("first start: loaded the Korean hubs and their routes", "created", created, "already_present", skipped,
			"routes_created", routes, "routes_skipped", routesSkipped)
	}
	notifier, err := postgres.NewEventNotifier(db.dsn, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, notifier.Close()) }()
	if app.Paths, err = startPaths(ctx, st.primary, notifier, reg, log); err != nil {
		return err
	}
	defer app.Paths.Close()
	draining := make(chan struct{})
	keys := postgres.NewIdempotencyStore(st.primary)
	go purgeIdempotencyKeys(ctx, keys, log)
	e, err := httpapi.New(httpapi.Config{
		Feed:                app.Feed,
		Modules:             []httpapi.Module{hubapi.New(app.Hubs), routeapi.New(app.Routes), networkapi.New(app.Paths), companyapi.New(app.Companies), shipperapi.New(app.Shippers)},
		Tokens:              tokenVerifier{tokens},
		Ready:               st.status,
		Logger:              log,
		CursorKey:           cursorKey(secret),
		Waker:               notifier,
		Done:                draining,
		RequestTimeout:      cfg.HTTP.RequestTimeout,
		RateLimit:           httpapi.RateLimit{Rate: cfg.HTTP.RateLimit, Burst: cfg.HTTP.RateBurst},
		AnonymousRateLimit:  httpapi.RateLimit{Rate: cfg.HTTP.AnonymousRateLimit, Burst: cfg.HTTP.AnonymousRateBurst},
		MaxStreams:          cfg.HTTP.MaxStreams,
		MaxStreamsPerCaller: cfg.HTTP.MaxStreamsPerCaller,
		Metrics:             httpMetrics,
		Idempotency:         keys,
		DevTokens:           devTokens(cfg, ln, tokens),
	})
	if err != nil {
		return err
	}
	if err := console.Register(e); err != nil {
		return err
	}
	// Through OneWriteListener a page of hubs leaves in one write, not two (httpapi.WriteBody),
	// and that write and the reads are raw system calls (netio), as on the connections to
	// PostgreSQL.
	return serveHTTP(ctx, stopSignals, httpapi.OneWriteListener(netio.Listener(ln)), e, draining, cfg, log, stdout)
}

// purgeIdempotencyKeys deletes expired idempotency keys every ten minutes until ctx ends.
func purgeIdempotencyKeys(ctx context.Context, keys *postgres.IdempotencyStore, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := keys.Purge(ctx, time.Now()); err != nil {
				log.Warn("purge idempotency keys", "error", err.Error())
			} else if n > 0 {
				log.Info("purged expired idempotency keys", "count", n)
			}
		}
	}
}
