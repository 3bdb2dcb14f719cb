package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
	namekey "github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestNameKeyGuard_RefusesARenameWithoutTheKey: migration 0014 refuses an UPDATE that changes
// hub_name without writing name_key, as an older hubd's UPDATE does (its INSERT is refused by
// 0013's NOT NULL), with a check_violation naming hubs_name_key_written; such an UPDATE that
// keeps the name (an address change), hubd's own renames (also to another spelling of the same
// key, which no comparison of values could tell from an older writer's) and a hand-written
// UPDATE that writes both columns go through. Down to 14 drops the guard, up brings it back.
func TestNameKeyGuard_RefusesARenameWithoutTheKey(t *testing.T) {
	t.Parallel()
	dsn := pgtest.EmptyDatabase(t, "hubd_name_key_guard_test")
	m, err := postgres.NewMigrator(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = m.Close() }()
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	repo := hubRepo(t, postgres.NewStore(db))
	h := mustCreate(t, repo, details("ＳＥＯＵＬ"), base)
	keyOf := func() (name, key string) {
		t.Helper()
		var row struct {
			Name string `db:"hub_name"`
			Key  string `db:"name_key"`
		}
		if err := db.Get(&row, "SELECT hub_name, name_key FROM hubs WHERE hub_id = $1", h.ID()); err != nil {
			t.Fatal(err)
		}
		return row.Name, row.Key
	}
	olderRename := func(name string) error {
		_, err := db.Exec("UPDATE hubs SET hub_name = $1, version = version + 1 WHERE hub_id = $2", name, h.ID())
		return err
	}

	for _, name := range []string{"부산 센터", "Seoul", "ＳＥＯＵＬ "} {
		err := olderRename(name)
		var pqErr *pq.Error
		if !errors.As(err, &pqErr) || pqErr.Code != "23514" || pqErr.Constraint != "hubs_name_key_written" {
			t.Errorf("rename to %+q without the key: %v, want a check_violation naming hubs_name_key_written", name, err)
		}
	}
	if name, key := keyOf(); name != "ＳＥＯＵＬ" || key != "seoul" {
		t.Fatalf("after the refusals: %+q under %+q", name, key)
	}
	// An older hubd's address change names hub_name with its current value: not a rename.
	if _, err := db.Exec("UPDATE hubs SET hub_name = hub_name, address1 = 'elsewhere' WHERE hub_id = $1", h.ID()); err != nil {
		t.Errorf("address change that names hub_name: %v", err)
	}
	// hubd's own renames: to another spelling of the same key, then to another key.
	for i, name := range []string{"Seoul", "부산 센터"} {
		_, err := repo.Update(ctx, h.ID(), func(x *hub.Hub) error {
			d := x.Details()
			d.Name = name
			return x.Change(d, master, base.Add(time.Duration(i+1)*time.Hour))
		})
		if gotName, key := keyOf(); err != nil || gotName != name || key != namekey.Key(name) {
			t.Errorf("hubd renames to %+q: %v; stored %+q under %+q", name, err, gotName, key)
		}
	}
	if _, err := db.Exec("UPDATE hubs SET hub_name = 'Daegu', name_key = 'daegu' WHERE hub_id = $1", h.ID()); err != nil {
		t.Errorf("hand-written rename with the key: %v", err)
	}
	// The note one row leaves does not let another row's rename through.
	other := mustCreate(t, repo, details("Incheon"), base)
	tx := db.MustBegin()
	tx.MustExec("UPDATE hubs SET hub_name = 'Pohang', name_key = 'pohang' WHERE hub_id = $1", h.ID())
	_, err = tx.Exec("UPDATE hubs SET hub_name = 'Gwangju' WHERE hub_id = $1", other.ID())
	_ = tx.Rollback()
	if err == nil {
		t.Error("a rename without the key went through after another hub's rename in the same transaction")
	}

	if err := m.MigrateTo(13); err != nil {
		t.Fatalf("down to 13: %v", err)
	}
	if err := olderRename("without a guard"); err != nil {
		t.Errorf("at version 13 the rename without the key is not refused: %v", err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if err := olderRename("guarded again"); err == nil {
		t.Error("after up again the rename without the key went through")
	}
}
