package postgres_test

import (
	"database/sql"
	"testing"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestMigrations_UpDownUp applies every migration to a fresh, empty database, reverts them all
// and applies them again.
func TestMigrations_UpDownUp(t *testing.T) {
	t.Parallel()
	name := "hubd_migrate_test"
	admin, err := sql.Open("postgres", pgtest.ServerDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	quoted := pq.QuoteIdentifier(name)
	if _, err := admin.Exec("CREATE DATABASE " + quoted); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)") })
	dsn := pgtest.WithDatabase(pgtest.ServerDSN(), name)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hasTable := func() bool {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_tables WHERE tablename = 'hubs'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}

	m, err := postgres.NewMigrator(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	}()
	if v, dirty, err := m.Version(); err != nil || v != 0 || dirty {
		t.Fatalf("fresh database at version %d dirty %v: %v", v, dirty, err)
	}
	for round, step := range []string{"up", "down", "up"} {
		var err error
		if step == "up" {
			err = m.Up()
		} else {
			err = m.Down(0)
		}
		if err != nil {
			t.Fatalf("%s (round %d): %v", step, round, err)
		}
		if v, dirty, _ := m.Version(); dirty || (step == "up") != (v > 0) || hasTable() != (step == "up") {
			t.Fatalf("after %s: version %d dirty %v table %v", step, v, dirty, hasTable())
		}
	}
	if err := m.Up(); err != nil {
		t.Errorf("up with nothing to do: %v", err)
	}
}
