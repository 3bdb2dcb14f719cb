package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	gomigrate "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/google/uuid"

	"github.com/hubd/hubd/db"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/pglocal"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestMigrateUpReportsNameKeyConflicts: `hubd migrate up` on a database at version 12 (name_key
// = lower(hub_name)) holding the look-alikes "서울특별시 센터" and "서울특별시  센터" succeeds,
// rewrites the keys it can and names both hubs of the conflict, ids and names, in its output; the
// step serve runs (migrateUp) reports the unresolved conflict again on the next start.
func TestMigrateUpReportsNameKeyConflicts(t *testing.T) {
	isolate(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	})
	if err := createDatabaseIfMissing(ctx, srv.DSN("postgres"), "hubd_names"); err != nil {
		t.Fatal(err)
	}
	dsn := srv.DSN("hubd_names")
	src, err := iofs.New(db.Migrations, db.MigrationsDir)
	if err != nil {
		t.Fatal(err)
	}
	old, err := gomigrate.NewWithSourceInstance("iofs", src, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Migrate(12); err != nil {
		t.Fatal(err)
	}
	_, _ = old.Close()
	conn, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ids := map[string]uuid.UUID{"서울특별시 센터": uuid.New(), "서울특별시  센터": uuid.New(), "ＳＥＯＵＬ": uuid.New()}
	for _, name := range []string{"서울특별시 센터", "서울특별시  센터", "ＳＥＯＵＬ"} {
		if _, err := conn.Exec(`INSERT INTO hubs (hub_id, hub_name, address1, version, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, 'addr', 1, now(), $1, now(), $1)`, ids[name], name); err != nil {
			t.Fatal(err)
		}
	}

	t.Setenv(config.EnvDatabaseURL, dsn)
	code, stdout, stderr := runCLI("migrate", "up")
	if code != exitOK || !strings.HasPrefix(stdout, "migrated up: version ") || strings.Contains(stdout, "dirty") {
		t.Fatalf("migrate up = %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if !reportsConflict(stderr, ids) {
		t.Errorf("the conflict is not named with both ids and names:\n%s", stderr)
	}
	var key string
	if err := conn.QueryRow("SELECT name_key FROM hubs WHERE hub_id = $1", ids["ＳＥＯＵＬ"]).Scan(&key); err != nil || key != "seoul" {
		t.Errorf("ＳＥＯＵＬ has key %q (%v), want it rewritten to seoul", key, err)
	}

	var logs bytes.Buffer
	if _, err := migrateUp(dsn, postgres.MigrateLogger(slog.New(slog.NewTextHandler(&logs, nil)))); err != nil {
		t.Fatalf("serve's migrate step: %v", err)
	}
	if !reportsConflict(logs.String(), ids) {
		t.Errorf("serve's migrate step does not report the conflict:\n%s", logs.String())
	}
}

func reportsConflict(out string, ids map[string]uuid.UUID) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "conflict") && strings.Contains(line, ids["서울특별시 센터"].String()) &&
			strings.Contains(line, ids["서울특별시  센터"].String()) &&
			strings.Contains(line, "서울특별시 센터") && strings.Contains(line, "서울특별시  센터") {
			return true
		}
	}
	return false
}
