package seed_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// openDB is a pool on a fresh migrated database. Not pgtest.Open: its statement-logging
// driver wrapper needs ExecContext on every statement, which lib/pq's COPY statement lacks.
func openDB(t testing.TB) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open("postgres", pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func count(t *testing.T, db *sqlx.DB, query string) int {
	t.Helper()
	var n int
	if err := db.Get(&n, query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSyntheticAddsValidHubs(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	var progress bytes.Buffer
	// Batches of 1,500: three full ones and a short last one.
	res, err := seed.Synthetic(ctx, db.DB, 5000, seed.SyntheticOptions{Seed: 7, BatchSize: 1500, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 5000 || count(t, db, `SELECT count(*) FROM hubs`) != 5000 {
		t.Fatalf("result %+v, table %d rows; want 5000", res, count(t, db, `SELECT count(*) FROM hubs`))
	}
	deleted := count(t, db, `SELECT count(*) FROM hubs WHERE is_deleted`)
	if deleted != res.Deleted || deleted < 400 || deleted > 600 {
		t.Errorf("%d deleted (result says %d), want 10%% ± 2%% of 5000", deleted, res.Deleted)
	}
	if m := count(t, db, `SELECT count(DISTINCT hub_manager_id) FROM hubs`); m > 5000 || m < 500 {
		t.Errorf("%d distinct managers, want at most 5000 and some hundreds", m)
	}
	if m := count(t, db, `SELECT count(*) FROM hubs WHERE hub_manager_id IS NULL`); m < 150 || m > 350 {
		t.Errorf("%d hubs without a manager, want about 5%%", m)
	}
	if dup := count(t, db, `SELECT count(*) - count(DISTINCT name_key) FROM hubs`); dup != 0 {
		t.Errorf("%d names repeat, by their key", dup)
	}
	var rows []struct {
		Name string `db:"hub_name"`
		Key  string `db:"name_key"`
	}
	if err := db.Select(&rows, `SELECT hub_name, name_key FROM hubs`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if n, err := names.Normalize(r.Name); err != nil || n != r.Name || r.Key != names.Key(r.Name) {
			t.Fatalf("%+q stored with key %+q: normalized %+q (%v), key %+q", r.Name, r.Key, n, err, names.Key(r.Name))
		}
	}
	if out := count(t, db, `SELECT count(*) FROM hubs WHERE latitude IS NULL
		OR latitude NOT BETWEEN 33.1 AND 38.6 OR longitude NOT BETWEEN 124.6 AND 131.9`); out != 0 {
		t.Errorf("%d hubs without a location inside South Korea", out)
	}
	korean := count(t, db, `SELECT count(*) FROM hubs WHERE hub_name ~ '[가-힣]'`)
	latin := count(t, db, `SELECT count(*) FROM hubs WHERE hub_name ~ '^[A-Za-z]'`)
	if korean+latin != 5000 || korean < 3250 || korean > 3750 {
		t.Errorf("%d Korean and %d Latin names, want about 70/30 of 5000", korean, latin)
	}
	if n := count(t, db, `SELECT count(*) FROM hubs WHERE hub_name NOT LIKE '% `+res.RunToken+`-%'`); n != 0 {
		t.Errorf("%d names without the run token %q", n, res.RunToken)
	}
	if days := count(t, db, `SELECT (extract(epoch FROM max(created_at) - min(created_at)) / 86400)::int
		FROM hubs`); days < 1090 {
		t.Errorf("hubs were created within %d days, want about three years", days)
	}
	if !strings.Contains(progress.String(), "synthetic hubs 100% 5000/5000") {
		t.Errorf("progress %q lacks the final line", progress.String())
	}
	if n := count(t, db, `SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'hubs' AND last_analyze IS NOT NULL`); n != 1 {
		t.Error("hubs was not analyzed")
	}

	repo, err := hubstore.New(postgres.NewStore(db))
	if err != nil {
		t.Fatal(err)
	}
	var ids []uuid.UUID
	if err := db.Select(&ids, `SELECT hub_id FROM hubs`); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids { // every row passes the domain's rules on the way back
		if _, err := repo.FindByID(ctx, id); err != nil {
			t.Fatalf("FindByID(%s): %v", id, err)
		}
	}

	again, err := seed.Synthetic(ctx, db.DB, 5000, seed.SyntheticOptions{Seed: 7})
	if err != nil || again.Added != 5000 || again.RunToken == res.RunToken {
		t.Fatalf("second run = %+v, %v; want 5000 more under another token", again, err)
	}
	if n := count(t, db, `SELECT count(*) FROM hubs`); n != 10000 {
		t.Errorf("two runs left %d hubs, want 10000", n)
	}
}

// cancelAt is a progress writer that cancels when a line reports at least pct percent.
type cancelAt struct {
	mu     sync.Mutex
	pct    string
	cancel context.CancelFunc
}

func (c *cancelAt) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if strings.Contains(string(p), c.pct) {
		c.cancel()
	}
	return len(p), nil
}

func TestSyntheticKeepsCommittedBatchesAndDropsTheCurrentOne(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// 10,000 rows in batches of 3,000: the bar reaches 50% inside the second batch (3,000 +
	// 2,048 rows sent), and the cancellation lands there.
	res, err := seed.Synthetic(ctx, db.DB, 10000, seed.SyntheticOptions{BatchSize: 3000, Workers: 1,
		Progress: &cancelAt{pct: " 50% ", cancel: cancel}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := count(t, db, `SELECT count(*) FROM hubs`); res.Added != 3000 || n != 3000 {
		t.Errorf("result says %d added, table holds %d; want the first batch of 3000 only", res.Added, n)
	}
	// The session is still usable: the next run adds all of its rows.
	if res, err := seed.Synthetic(context.Background(), db.DB, 100, seed.SyntheticOptions{}); err != nil || res.Added != 100 {
		t.Fatalf("run after a cancelled one = %+v, %v", res, err)
	}
}

func TestSyntheticRollsBackABatchTheServerRejects(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	// The 2,500th hub of the run trips a trigger, in the middle of the second batch.
	if _, err := db.Exec(`
		CREATE FUNCTION reject_2500() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.hub_name LIKE '%-002500' THEN RAISE EXCEPTION 'rejected %', NEW.hub_name; END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER reject_2500 BEFORE INSERT ON hubs FOR EACH ROW EXECUTE FUNCTION reject_2500()`); err != nil {
		t.Fatal(err)
	}
	res, err := seed.Synthetic(context.Background(), db.DB, 5000, seed.SyntheticOptions{BatchSize: 2000, Workers: 1, Progress: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "rejected") || !strings.Contains(err.Error(), "2001 to 4000") {
		t.Fatalf("err = %v, want the trigger's error for the second batch", err)
	}
	if n := count(t, db, `SELECT count(*) FROM hubs`); res.Added != 2000 || n != 2000 {
		t.Errorf("result says %d added, table holds %d; want the first batch of 2000 only", res.Added, n)
	}
}

func TestSyntheticWorkersStopTogether(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Two workers on batches of 1,000; the bar reaches 50% with about 5 of 10 batches sent.
	res, err := seed.Synthetic(ctx, db.DB, 10000, seed.SyntheticOptions{BatchSize: 1000, Workers: 2,
		Progress: &cancelAt{pct: " 50% ", cancel: cancel}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	n := count(t, db, `SELECT count(*) FROM hubs`)
	if res.Added != n || n%1000 != 0 || n < 3000 || n > 6000 {
		t.Errorf("result says %d added, table holds %d; want the same whole batches, about half", res.Added, n)
	}
	if d := count(t, db, `SELECT count(*) FROM hubs WHERE is_deleted`); d != res.Deleted {
		t.Errorf("result says %d deleted, table holds %d", res.Deleted, d)
	}
}

func TestSyntheticRefusesBadArguments(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"no rows":     func() error { _, err := seed.Synthetic(ctx, db.DB, 0, seed.SyntheticOptions{}); return err },
		"no database": func() error { _, err := seed.Synthetic(ctx, nil, 10, seed.SyntheticOptions{}); return err },
		"ratio above 1": func() error {
			_, err := seed.Synthetic(ctx, db.DB, 10, seed.SyntheticOptions{DeletedRatio: 2})
			return err
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM hubs`); n != 0 {
		t.Errorf("refused calls added %d hubs", n)
	}
}

// BenchmarkSynthetic loads 100,000 hubs per operation into a fresh database.
func BenchmarkSynthetic(b *testing.B) {
	const perOp = 100_000
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		if _, err := seed.Synthetic(context.Background(), db.DB, perOp, seed.SyntheticOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*perOp)/b.Elapsed().Seconds(), "rows/s")
}
