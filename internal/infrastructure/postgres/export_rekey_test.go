package postgres

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// MigrateTo moves the schema to version v, up or down, for tests that start from an old one.
func (m *Migrator) MigrateTo(v uint) error { return ignoreNoChange(m.m.Migrate(v)) }

// RekeyHubNamesInBatches is RekeyHubNames with batches of size hubs.
func RekeyHubNamesInBatches(ctx context.Context, db *sqlx.DB, size int) (RekeyReport, error) {
	return rekeyHubNames(ctx, db, size)
}

// RekeyLock is the advisory lock key a re-key run holds.
const RekeyLock = rekeyLock
