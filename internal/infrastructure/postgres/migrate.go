package postgres

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/postgres" // the postgres:// migrate driver
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/hubd/hubd/db"
)

// Migrator applies the embedded migrations of package db. It holds its own connection (and an
// advisory lock while it works, so two hubd processes never migrate at once); Close releases it.
type Migrator struct {
	m   *migrate.Migrate
	dsn string
	log *slog.Logger
}

// MigratorOption refines NewMigrator.
type MigratorOption func(*Migrator)

// MigrateLogger is where Up reports what its re-key step did (rewritten keys, and each
// conflict at warning level); without it, slog.Default().
func MigrateLogger(log *slog.Logger) MigratorOption {
	return func(m *Migrator) { m.log = log }
}

// NewMigrator connects to dsn (a lib/pq URL) for migrating.
func NewMigrator(dsn string, opts ...MigratorOption) (*Migrator, error) {
	src, err := iofs.New(db.Migrations, db.MigrationsDir)
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect for migrations: %w", err)
	}
	mg := &Migrator{m: m, dsn: dsn, log: slog.Default()}
	for _, o := range opts {
		o(mg)
	}
	return mg, nil
}

// Up applies every migration not yet applied, then brings the stored name keys up to date
// (RekeyHubNames; see rekeyNames). Nothing to do is not an error, and neither is a name key
// conflict: it is logged, and the hubs concerned stay as they were.
func (m *Migrator) Up() error {
	if err := ignoreNoChange(m.m.Up()); err != nil {
		return err
	}
	return m.rekeyNames()
}

// Down reverts n migrations, or every one when n is 0.
func (m *Migrator) Down(n int) error {
	if n <= 0 {
		return ignoreNoChange(m.m.Down())
	}
	return ignoreNoChange(m.m.Steps(-n))
}

// Version is the applied version (0 for none) and whether a failed migration left it dirty.
func (m *Migrator) Version() (version uint, dirty bool, err error) {
	v, dirty, err := m.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// Close releases the migrator's connection.
func (m *Migrator) Close() error {
	srcErr, dbErr := m.m.Close()
	return errors.Join(srcErr, dbErr)
}

// MigrateUp is NewMigrator, Up and Close in one call.
func MigrateUp(dsn string) (err error) {
	m, err := NewMigrator(dsn)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	if err := m.Up(); err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

func ignoreNoChange(err error) error {
	if errors.Is(err, migrate.ErrNoChange) {
		return nil
	}
	return err
}
