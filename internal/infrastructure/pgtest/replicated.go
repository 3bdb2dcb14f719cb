package pgtest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/pglocal"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Pair is a primary and a streaming replica of it, started for one test.
type Pair struct {
	Primary    *pglocal.Server
	Replica    *pglocal.Server
	PrimaryDSN string // the migrated database "hubd" on the primary
	ReplicaDSN string // the same database on the replica
}

// Replicated starts a throwaway primary with a migrated database and a streaming replica of
// it, both stopped when the test ends. It does not use TEST_DATABASE_URL: a replica needs a
// primary whose binaries and files it can reach.
func Replicated(t testing.TB) *Pair {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stop := func(s *pglocal.Server) {
		t.Cleanup(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = s.Stop(sctx) // a test may have stopped it already
		})
	}
	primary, err := pglocal.Start(ctx, pglocal.Options{Mode: pglocal.Throwaway})
	if err != nil {
		t.Fatalf("pgtest: start primary: %v", err)
	}
	stop(primary)
	if err := execAdmin(ctx, primary.DSN("postgres"), "CREATE DATABASE hubd"); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	p := &Pair{Primary: primary, PrimaryDSN: primary.DSN("hubd")}
	if err := postgres.MigrateUp(p.PrimaryDSN); err != nil {
		t.Fatalf("pgtest: migrate: %v", err)
	}
	if p.Replica, err = pglocal.StartReplica(ctx, primary, pglocal.ReplicaOptions{Mode: pglocal.Throwaway}); err != nil {
		t.Fatalf("pgtest: start replica: %v", err)
	}
	stop(p.Replica)
	p.ReplicaDSN = p.Replica.DSN("hubd")
	p.WaitReplayed(t)
	return p
}

// WaitReplayed waits until the replica has replayed everything the primary has written.
func (p *Pair) WaitReplayed(t testing.TB) {
	t.Helper()
	primary, replica := openOrFail(t, p.PrimaryDSN), openOrFail(t, p.ReplicaDSN)
	defer primary.Close()
	defer replica.Close()
	var target string
	if err := primary.QueryRow("SELECT pg_current_wal_insert_lsn()::text").Scan(&target); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		err := replica.QueryRow("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target).Scan(&done)
		if err == nil && done {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("pgtest: the replica did not replay %s within 30 s", target)
}

func openOrFail(t testing.TB, dsn string) *sql.DB {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
