package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// openApplication opens the pool on dsn and wires the use cases over the PostgreSQL
// repository, with queries routed to the read replicas at readDSNs (none: the primary). The
// caller closes the pool.
func openApplication(ctx context.Context, dsn string, readDSNs []string, c config.Database) (*sqlx.DB, application.Application, error) {
	pool, err := postgres.Open(ctx, dsn, postgres.PoolConfig{
		MaxOpenConns:    c.MaxOpenConns,
		MaxIdleConns:    c.MaxIdleConns,
		ConnMaxLifetime: c.ConnMaxLifetime,
		ConnMaxIdleTime: c.ConnMaxIdleTime,
	})
	if err != nil {
		return nil, application.Application{}, err
	}
	repo, err := postgres.NewHubRepository(pool)
	if err != nil {
		return nil, application.Application{}, errors.Join(err, pool.Close())
	}
	app, err := application.New(repo, repo, time.Now)
	if err != nil {
		return nil, application.Application{}, errors.Join(err, pool.Close())
	}
	return pool, app, nil
}

// seedCreator runs the application's CreateHub use case as the seed actor, so seeded hubs pass
// the same validation and name-uniqueness rules as hubs created over HTTP.
func seedCreator(app application.Application) seed.CreateFunc {
	return func(ctx context.Context, d hub.Details) error {
		_, err := app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: seed.Actor, Details: d})
		return err
	}
}

// migrateUp applies every pending migration and reports whether the database had none applied
// before (version 0): that is a first start, when serve loads the reference hubs.
func migrateUp(dsn string) (fresh bool, err error) {
	m, err := postgres.NewMigrator(dsn)
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
