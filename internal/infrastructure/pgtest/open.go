package pgtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Open gives the test a fresh database of its own and a pool on it, closed when the test ends.
func Open(t testing.TB) *sqlx.DB {
	t.Helper()
	db, _ := OpenCounting(t)
	return db
}

// OpenCounting is Open with a Log of every statement the pool sends to the server, recorded at
// the driver, below every layer of ours, so a test sees what was really executed. Its
// connections are hubd's own (postgres.NewConnector), as in production.
func OpenCounting(t testing.TB) (*sqlx.DB, *Log) {
	t.Helper()
	connector, err := postgres.NewConnector(NewDatabase(t))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	log := &Log{}
	db := sqlx.NewDb(sql.OpenDB(countingConnector{inner: connector, log: log}), "postgres")
	t.Cleanup(func() { _ = db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatalf("pgtest: ping: %v", err)
	}
	log.Reset() // the ping is ours, not the test's
	return db, log
}
