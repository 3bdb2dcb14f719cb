package postgres_test

import (
	"bytes"
	"database/sql"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/domain/hub"
	namekey "github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// openMigrator is a Migrator of dsn, closed when the test ends (a failed close fails it).
func openMigrator(t *testing.T, dsn string, opts ...postgres.MigratorOption) *postgres.Migrator {
	t.Helper()
	m, err := postgres.NewMigrator(dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}

// openDB is a connection pool to dsn, closed when the test ends.
func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestMigrateUp_RekeysLookAlikesAndReportsConflicts: a database at version 12, where name_key
// was lower(hub_name), holds live look-alikes the old key let in. Migrating up rewrites the keys
// it can, leaves each hub whose new key another live hub holds as it was and logs both hubs
// (ids and names), and does not fail. The unique index then refuses every look-alike, and once
// the conflict is resolved the next run re-keys the rest and records the key's version.
func TestMigrateUp_RekeysLookAlikesAndReportsConflicts(t *testing.T) {
	t.Parallel()
	dsn := pgtest.EmptyDatabase(t, "hubd_rekey_test")
	var logs bytes.Buffer
	m := openMigrator(t, dsn, postgres.MigrateLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	if err := m.MigrateTo(12); err != nil {
		t.Fatal(err)
	}
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := map[string]struct {
		name    string
		deleted bool
	}{
		"seoul":       {"서울특별시 센터", false},
		"seoul2":      {"서울특별시  센터", false}, // conflicts with seoul
		"wide":        {"ＳＥＯＵＬ", false},
		"nfd":         {norm.NFD.String("부산 센터"), false},
		"sharpS":      {"Straße", true}, // deleted: its key may equal a live one's
		"strasse":     {"STRASSE", false},
		"daegu":       {"대구센터", false},
		"daegu-zwsp":  {"대구\u200b센터", false}, // conflicts with daegu
		"plain-ascii": {"Incheon Hub", false},
	}
	ids := map[string]uuid.UUID{}
	for _, label := range []string{"seoul", "seoul2", "wide", "nfd", "sharpS", "strasse", "daegu", "daegu-zwsp", "plain-ascii"} {
		h := old[label]
		ids[label] = uuid.New()
		if _, err := db.Exec(`INSERT INTO hubs (hub_id, hub_name, address1, version, is_deleted, deleted_at, deleted_by,
			created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, 'addr', 1, $3, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $4::uuid END, now(), $4, now(), $4)`,
			ids[label], h.name, h.deleted, master); err != nil {
			t.Fatalf("%s at version 12: %v", label, err)
		}
	}
	keyOf := func(label string) string {
		var k string
		if err := db.Get(&k, "SELECT name_key FROM hubs WHERE hub_id = $1", ids[label]); err != nil {
			t.Fatal(err)
		}
		return k
	}
	before := map[string]string{}
	for label := range old {
		before[label] = keyOf(label)
	}

	if err := m.Up(); err != nil {
		t.Fatalf("up with conflicts: %v", err)
	}
	if v, dirty, err := m.Version(); err != nil || dirty || v < 13 {
		t.Fatalf("after up: version %d dirty %v: %v", v, dirty, err)
	}
	for label, h := range old {
		want := namekey.Key(h.name)
		if label == "seoul2" || label == "daegu-zwsp" {
			want = before[label] // kept: its new key is another live hub's
		}
		if got := keyOf(label); got != want {
			t.Errorf("%s (%+q): key %+q, want %+q", label, h.name, got, want)
		}
	}
	for _, label := range []string{"wide", "nfd", "sharpS"} {
		if before[label] == keyOf(label) {
			t.Errorf("%s: key %+q was not rewritten", label, before[label])
		}
	}
	for _, pair := range [][2]string{{"seoul2", "seoul"}, {"daegu-zwsp", "daegu"}} {
		line := logLine(logs.String(), ids[pair[0]].String())
		if !strings.Contains(line, `"level":"WARN"`) || !strings.Contains(line, ids[pair[1]].String()) ||
			!strings.Contains(line, old[pair[0]].name) || !strings.Contains(line, old[pair[1]].name) {
			t.Errorf("conflict %s/%s not reported with both ids and names:\n%s", pair[0], pair[1], logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"rewritten":3`) || !strings.Contains(logs.String(), `"conflicts":2`) {
		t.Errorf("summary: %s", logs.String())
	}
	var versions int
	if err := db.Get(&versions, "SELECT count(*) FROM name_key_versions"); err != nil || versions != 0 {
		t.Errorf("%d key versions recorded with conflicts left (%v)", versions, err)
	}

	// The unique index now compares the new keys.
	repo := hubRepo(t, postgres.NewStore(db))
	for _, name := range []string{"Seoul", "부산 센터", "strasse", "incheon\u00a0HUB"} {
		h, err := hub.New(details(name), master, base)
		if err != nil {
			t.Fatal(err)
		}
		if err := repo.Create(ctx, h); !errors.Is(err, hub.ErrNameTaken) {
			t.Errorf("create %+q after the upgrade: %v, want ErrNameTaken", name, err)
		}
	}

	// A second run reports the same conflicts and changes nothing else; resolving them (here by
	// deleting the holders) lets the next run finish and record the version.
	logs.Reset()
	if err := m.Up(); err != nil || !strings.Contains(logs.String(), `"rewritten":0`) || !strings.Contains(logs.String(), `"conflicts":2`) {
		t.Errorf("second up: %v\n%s", err, logs.String())
	}
	if _, err := db.Exec(`UPDATE hubs SET is_deleted = true, deleted_at = now(), deleted_by = $1 WHERE hub_id IN ($2, $3)`,
		master, ids["seoul"], ids["daegu"]); err != nil {
		t.Fatal(err)
	}
	rep, err := postgres.RekeyHubNames(ctx, db)
	if err != nil || rep.Rewritten != 2 || len(rep.Conflicts) != 0 || rep.UpToDate {
		t.Errorf("after resolving: %+v %v", rep, err)
	}
	if got := keyOf("seoul2"); got != namekey.Key("서울특별시 센터") {
		t.Errorf("seoul2 key %+q after resolving", got)
	}
	if rep, err := postgres.RekeyHubNames(ctx, db); err != nil || !rep.UpToDate || rep.Scanned != 0 {
		t.Errorf("third run: %+v %v, want up to date without reading", rep, err)
	}

	// And down to the old schema and up again, with the data.
	if err := m.MigrateTo(12); err != nil {
		t.Fatalf("down to 12 with data: %v", err)
	}
	if got := keyOf("wide"); got != strings.ToLower("ＳＥＯＵＬ") {
		t.Errorf("down: key %+q, want lower()'s", got)
	}
	if err := m.Up(); err != nil || keyOf("wide") != "seoul" {
		t.Errorf("up again: %v, key %+q", err, keyOf("wide"))
	}
}

// logLine is the first line of logs that mentions s.
func logLine(logs, s string) string {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// TestRekey_RetriesAKeyFreedLater: hub X's new key is hub Y's stale old key, and X comes first.
// X is refused while Y holds the key, Y moves to its own new key, and the retry gives X its key:
// no conflict is reported for what was only an ordering.
func TestRekey_RetriesAKeyFreedLater(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	x := mustCreate(t, repo, details("Ｓｅｏｕｌ"), base)
	y := mustCreate(t, repo, details("Seoul Hub"), base)
	first, second := x, y
	if strings.Compare(x.ID().String(), y.ID().String()) > 0 {
		first, second = y, x
	}
	// Stale keys as an older definition might have left them: the first hub's key is something
	// else, the second holds the key the first one should get.
	if _, err := db.Exec(`UPDATE hubs SET name_key = CASE WHEN hub_id = $1 THEN 'stale' ELSE $3 END WHERE hub_id IN ($1, $2)`,
		first.ID(), second.ID(), namekey.Key(first.Name())); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM name_key_versions"); err != nil {
		t.Fatal(err)
	}
	rep, err := postgres.RekeyHubNamesInBatches(ctx, db, 1)
	if err != nil || len(rep.Conflicts) != 0 || rep.Rewritten != 2 {
		t.Fatalf("re-key: %+v %v", rep, err)
	}
	for _, h := range []*hub.Hub{x, y} {
		var k string
		if err := db.Get(&k, "SELECT name_key FROM hubs WHERE hub_id = $1", h.ID()); err != nil || k != namekey.Key(h.Name()) {
			t.Errorf("%+q: key %+q (%v)", h.Name(), k, err)
		}
	}
}

// TestRekey_OneRunAtATime: while another session holds the re-key lock (as a second hubd's run
// would), a re-key run waits for it, rewrites nothing meanwhile, and once the lock is free
// returns Waited without re-keying or reporting anything; the next run does the work. Before,
// nothing serialized the runs: two starting instances re-keyed at once and both logged every
// conflict.
func TestRekey_OneRunAtATime(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	h := mustCreate(t, repo, details("Ｐｏｈａｎｇ"), base)
	if _, err := db.Exec("UPDATE hubs SET name_key = 'stale' WHERE hub_id = $1", h.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM name_key_versions"); err != nil {
		t.Fatal(err)
	}
	holder, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_lock($1)", postgres.RekeyLock); err != nil {
		t.Fatal(err)
	}
	type result struct {
		rep postgres.RekeyReport
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := postgres.RekeyHubNames(ctx, db)
		done <- result{rep, err}
	}()
	// The run is queued on the lock, in this test's database.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := db.Get(&waiting, `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
			WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted
			AND (l.classid::bigint << 32 | l.objid::bigint) = $1`, postgres.RekeyLock); err != nil {
			t.Fatal(err)
		}
		if waiting == 1 {
			break
		}
		select {
		case r := <-done:
			t.Fatalf("the run did not wait for the lock: %+v %v", r.rep, r.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the run never queued on the re-key lock")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var key string
	if err := db.Get(&key, "SELECT name_key FROM hubs WHERE hub_id = $1", h.ID()); err != nil || key != "stale" {
		t.Fatalf("key %+q while the lock is held (%v)", key, err)
	}
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", postgres.RekeyLock); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || !r.rep.Waited || r.rep.Scanned != 0 || r.rep.Rewritten != 0 || len(r.rep.Conflicts) != 0 {
		t.Fatalf("the waiting run: %+v %v, want Waited and nothing done", r.rep, r.err)
	}
	rep, err := postgres.RekeyHubNames(ctx, db)
	if err != nil || rep.Waited || rep.Rewritten != 1 {
		t.Fatalf("the next run: %+v %v", rep, err)
	}
	var held int
	if err := db.Get(&held, `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
		WHERE d.datname = current_database() AND l.locktype = 'advisory'`); err != nil || held != 0 {
		t.Errorf("%d advisory locks left after the runs (%v)", held, err)
	}
}
