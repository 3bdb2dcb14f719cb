// Package pgtest gives every test its own PostgreSQL database, cloned from one migrated template
// per test binary, so tests run in parallel and never see each other's rows.
//
// A test package calls Main from its TestMain. Main starts a throwaway server with pglocal, or,
// when TEST_DATABASE_URL is set, uses that server instead (it needs CREATEDB). There is no skip:
// when no server can be had, the test binary fails and says why.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/infrastructure/pglocal"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// EnvDatabaseURL names the variable that points the harness at an existing server.
const EnvDatabaseURL = "TEST_DATABASE_URL"

// harness is the state Main sets up for the whole test binary.
var harness struct {
	serverDSN string // any database of the server, for CREATE/DROP DATABASE
	template  string
}

// Main runs the tests of a package with a migrated template database and exits.
func Main(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	serverDSN := os.Getenv(EnvDatabaseURL)
	if serverDSN == "" {
		srv, err := pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway})
		if err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: cannot start a throwaway PostgreSQL (or set %s): %v\n", EnvDatabaseURL, err)
			return 1
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := srv.Stop(stopCtx); err != nil {
				fmt.Fprintf(os.Stderr, "pgtest: stop PostgreSQL: %v\n", err)
			}
		}()
		serverDSN = srv.DSN("postgres")
	}
	template := "hubd_template_" + randomSuffix()
	if err := createTemplate(ctx, serverDSN, template); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		return 1
	}
	defer func() { _ = dropDatabase(context.Background(), serverDSN, template) }()
	harness.serverDSN, harness.template = serverDSN, template
	return m.Run()
}

func createTemplate(ctx context.Context, serverDSN, name string) error {
	if err := execAdmin(ctx, serverDSN, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return fmt.Errorf("create template database: %w", err)
	}
	if err := postgres.MigrateUp(WithDatabase(serverDSN, name)); err != nil {
		return fmt.Errorf("migrate template database: %w", err)
	}
	return nil
}

// NewDatabase clones the template into a database of the test's own, dropped when the test ends,
// and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	if harness.template == "" {
		t.Fatal("pgtest: no template database; call pgtest.Main(m) from the package's TestMain")
	}
	name := "hubd_test_" + randomSuffix()
	ctx := context.Background()
	stmt := fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", pq.QuoteIdentifier(name), pq.QuoteIdentifier(harness.template))
	if err := execAdmin(ctx, harness.serverDSN, stmt); err != nil {
		t.Fatalf("pgtest: clone template: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(ctx, harness.serverDSN, name); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return WithDatabase(harness.serverDSN, name)
}

// EmptyDatabase creates the database name, empty (no migration applied), for a test that builds
// its schema itself (a migration's test), drops it when the test ends, and returns its URL.
func EmptyDatabase(t testing.TB, name string) string {
	t.Helper()
	ctx := context.Background()
	if err := execAdmin(ctx, harness.serverDSN, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("pgtest: create %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(ctx, harness.serverDSN, name); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return WithDatabase(harness.serverDSN, name)
}

// ServerDSN is the URL of the server's maintenance database, for tests that create databases of
// their own (the migrations test does).
func ServerDSN() string { return harness.serverDSN }

// WithDatabase returns dsn with its database name replaced.
func WithDatabase(dsn, database string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(fmt.Sprintf("pgtest: bad database URL: %v", err))
	}
	u.Path = "/" + database
	return u.String()
}

func dropDatabase(ctx context.Context, serverDSN, name string) error {
	return execAdmin(ctx, serverDSN, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
}

// execAdmin runs one statement on its own connection: CREATE DATABASE cannot run in a
// transaction, and a pooled connection to the template would block its cloning.
func execAdmin(ctx context.Context, dsn, stmt string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
