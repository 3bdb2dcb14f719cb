package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestHubRepository_StatementTimeoutIsUnavailable: the pool's statement_timeout reaches the
// server, and a statement it stops (here, one waiting on a lock) is ErrUnavailable, changing
// nothing.
func TestHubRepository_StatementTimeoutIsUnavailable(t *testing.T) {
	t.Parallel()
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), postgres.PoolConfig{StatementTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var setting string
	if err := db.Get(&setting, "SHOW statement_timeout"); err != nil || setting != "200ms" {
		t.Fatalf("statement_timeout = %q (%v)", setting, err)
	}
	repo := hubRepo(t, postgres.NewStore(db))
	h := mustCreate(t, repo, details("locked"), base)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE", h.ID()); err != nil {
		t.Fatal(err)
	}
	_, err = repo.Update(ctx, h.ID(), func(h *hub.Hub) error { return h.Change(details("never"), master, base) })
	_ = tx.Rollback()
	if !errors.Is(err, hub.ErrUnavailable) {
		t.Fatalf("update stopped by statement_timeout: %v", err)
	}
	if got, _ := repo.FindByID(ctx, h.ID()); got.Name() != "locked" || got.Version() != 1 {
		t.Errorf("the stopped update left %q v%d", got.Name(), got.Version())
	}
	if events, _ := repo.Store().EventsAfter(ctx, 0, 10, ""); len(events) != 1 {
		t.Errorf("%d events, want only the create's", len(events))
	}
}
