package postgres_test

import (
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// TestMigrations_UpDownUp applies every migration to a fresh, empty database, reverts them all
// and applies them again.
func TestMigrations_UpDownUp(t *testing.T) {
	t.Parallel()
	dsn := pgtest.EmptyDatabase(t, "hubd_migrate_test")
	db := openDB(t, dsn)
	hasTable := func() bool {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_tables WHERE tablename = 'hubs'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}

	m := openMigrator(t, dsn)
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

// TestMigrations_AsDatabaseOwner applies every migration as a role that owns its database and
// is no superuser, as on a managed PostgreSQL: the extensions they create (pg_trgm, cube) must
// be trusted ones. earthdistance, for one, is not, and would fail here. It then checks that the
// nearest-hubs index works under an empty search_path, as pg_restore evaluates it.
func TestMigrations_AsDatabaseOwner(t *testing.T) {
	t.Parallel()
	name := "hubd_owner_test_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	admin, err := sql.Open("postgres", pgtest.ServerDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	quoted := pq.QuoteIdentifier(name)
	for _, stmt := range []string{
		"CREATE ROLE " + quoted + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD 'owner'",
		"CREATE DATABASE " + quoted + " OWNER " + quoted,
	} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)")
		_, _ = admin.Exec("DROP ROLE IF EXISTS " + quoted)
	})
	u, err := url.Parse(pgtest.WithDatabase(pgtest.ServerDSN(), name))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(name, "owner")
	dsn := u.String()

	m := openMigrator(t, dsn)
	if err := m.Up(); err != nil {
		t.Fatalf("up as the database owner: %v", err)
	}
	db := openDB(t, dsn)
	var super bool
	if err := db.QueryRow("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&super); err != nil || super {
		t.Fatalf("the migrations ran as a superuser (%v, %v)", super, err)
	}
	// REINDEX evaluates earth_point for every row with the search_path given: its body was
	// bound when it was created, so an empty path does not break it.
	if _, err := db.Exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, latitude, longitude, version,
			created_at, created_by, updated_at, updated_by)
		VALUES (gen_random_uuid(), 'a', 'a', 'b', 37.5, 127, 1, now(), gen_random_uuid(), now(), gen_random_uuid())`); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var point string
	for _, stmt := range []string{"SET search_path = ''", "REINDEX INDEX public.hubs_live_location"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := conn.QueryRowContext(ctx, "SELECT public.earth_point(0, 90)::text").Scan(&point); err != nil || point != "(6.123233995736766e-17, 1, 0)" {
		t.Errorf("earth_point under an empty search_path: %q, %v", point, err)
	}
}
