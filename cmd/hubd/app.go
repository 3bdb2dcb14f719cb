package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/routestore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
	"github.com/hubd/hubd/internal/infrastructure/seed"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// storage is the pools a process works with and the application wired over them: the primary,
// and the read replicas with the router that sends queries to them.
type storage struct {
	primary  *sqlx.DB
	replicas []*sqlx.DB
	router   *postgres.ReadRouter // nil without replicas
	app      application.Application
}

// openApplication opens the pool on the primary at dsn (and one per read replica at readDSNs)
// and wires the use cases over the PostgreSQL repository, its queries routed to the replicas;
// extra refines the store every adapter shares. The caller closes the storage.
func openApplication(ctx context.Context, dsn string, readDSNs []string, c config.Database,
	extra ...postgres.Option) (s *storage, err error) {
	s = &storage{}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.close())
		}
	}()
	pc := postgres.PoolConfig{MaxOpenConns: c.MaxOpenConns, MaxIdleConns: c.MaxIdleConns,
		ConnMaxLifetime: c.ConnMaxLifetime, ConnMaxIdleTime: c.ConnMaxIdleTime, StatementTimeout: c.StatementTimeout}
	if s.primary, err = postgres.Open(ctx, dsn, pc); err != nil {
		return s, err
	}
	opts := append([]postgres.Option{}, extra...)
	if len(readDSNs) > 0 {
		replicas := make([]postgres.Replica, len(readDSNs))
		for i, rd := range readDSNs {
			// A replica that is down at start is not fatal: the router skips it until it answers.
			db, err := postgres.OpenLazy(rd, pc)
			if err != nil {
				return s, fmt.Errorf("read replica %d: %w", i+1, err)
			}
			s.replicas = append(s.replicas, db)
			replicas[i] = postgres.Replica{Name: fmt.Sprintf("replica-%d", i+1), DB: db}
		}
		s.router = postgres.NewReadRouter(s.primary, replicas, readOptions(c))
		opts = append(opts, postgres.ReadThrough(s.router))
	}
	store := postgres.NewStore(s.primary, opts...)
	hubs, err := hubstore.New(store)
	if err != nil {
		return s, err
	}
	routes, err := routestore.New(store)
	if err != nil {
		return s, err
	}
	companies, err := companystore.New(store)
	if err != nil {
		return s, err
	}
	shippers, err := shipperstore.New(store)
	if err != nil {
		return s, err
	}
	s.app, err = application.New(application.Storage{
		Hubs: hubs, HubViews: hubs, Routes: routes, RouteViews: routes, RouteHubs: routes,
		HubUsers: hubs, Tx: store.Transactor(), Events: store,
		Companies: companies, CompanyViews: companies, CompanyHubs: companies,
		ShipperStorage: application.ShipperStorage{Shippers: shippers, ShipperViews: shippers, Rotation: shippers, ShipperHubs: shippers},
	}, time.Now)
	return s, err
}

// status reports each database for /readyz.
func (s *storage) status(ctx context.Context) []httpapi.DatabaseStatus {
	var dbs []postgres.DatabaseStatus
	if s.router != nil {
		dbs = s.router.Status(ctx)
	} else {
		dbs = []postgres.DatabaseStatus{postgres.PrimaryStatus(ctx, s.primary)}
	}
	out := make([]httpapi.DatabaseStatus, len(dbs))
	for i, d := range dbs {
		out[i] = httpapi.DatabaseStatus{Name: d.Name, Role: d.Role, OK: d.OK, Error: d.Error}
		if d.Role == "replica" {
			lag := d.Lag.Seconds()
			out[i].LagSeconds = &lag
		}
	}
	return out
}

// close stops the router and closes every pool.
func (s *storage) close() error {
	if s.router != nil {
		s.router.Close()
	}
	var errs []error
	for _, db := range s.replicas {
		errs = append(errs, db.Close())
	}
	if s.primary != nil {
		errs = append(errs, s.primary.Close())
	}
	return errors.Join(errs...)
}

// seedCreator runs the application's CreateHub use case as the seed actor, so seeded hubs pass
// the same validation and name-uniqueness rules as hubs created over HTTP.
func seedCreator(app application.Application) seed.CreateFunc {
	return func(ctx context.Context, d hub.Details) error {
		_, err := app.Hubs.Create.Handle(ctx, command.CreateHub{Actor: seed.Actor, Details: d})
		return err
	}
}

// seedAll loads the reference hubs, then the reference routes between them.
func seedAll(ctx context.Context, app application.Application) (hubs, hubsSkipped, routes, routesSkipped int, err error) {
	if hubs, hubsSkipped, err = seed.Load(ctx, seedCreator(app)); err != nil {
		return hubs, hubsSkipped, 0, 0, err
	}
	routes, routesSkipped, err = seed.LoadRoutes(ctx, seed.RouteCreator(app))
	return hubs, hubsSkipped, routes, routesSkipped, err
}

// migrateUp applies every pending migration (and re-keys names; opts say where conflicts are
// logged) and reports whether the database had none applied before (version 0): that is a first
// start, when serve loads the reference hubs.
func migrateUp(dsn string, opts ...postgres.MigratorOption) (fresh bool, err error) {
	m, err := postgres.NewMigrator(dsn, opts...)
	if err != nil {
		return false, err
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	before, dirty, err := m.Version()
	if err != nil {
		return false, fmt.Errorf("read the schema version: %w", err)
	}
	if dirty {
		return false, fmt.Errorf("the schema is dirty at version %d (a migration failed half-way): "+
			"repair it by hand, then run hubd migrate", before)
	}
	if err := m.Up(); err != nil {
		return false, fmt.Errorf("migrate up: %w", err)
	}
	return before == 0, nil
}

// readOptions are the router's settings from the configuration.
func readOptions(c config.Database) postgres.ReadOptions {
	return postgres.ReadOptions{MaxLag: c.ReadMaxLag, Wait: c.ReadWait}
}
