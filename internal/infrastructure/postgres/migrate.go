package postgres

import (
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/postgres" // the postgres:// migrate driver
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/hubd/hubd/db"
)

// Migrator applies the embedded migrations of package db. It holds its own connection (and an
// advisory lock while it works, so two hubd processes never migrate at once); Close releases it.
type Migrator struct {
	m *migrate.Migrate
}

// NewMigrator connects to dsn (a lib/pq URL) for migrating.
func NewMigrator(dsn string) (*Migrator, error) {
	src, err := iofs.New(db.Migrations, db.MigrationsDir)
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect for migrations: %w", err)
	}
	return &Migrator{m: m}, nil
}

// Up applies every migration not yet applied. Nothing to do is not an error.
func (m *Migrator) Up() error {
	return ignoreNoChange(m.m.Up())
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
