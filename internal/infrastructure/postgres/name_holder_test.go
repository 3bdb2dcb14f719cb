package postgres_test

import (
	"errors"
	"testing"

	"github.com/hubd/hubd/internal/domain/hub"
)

// TestHubRepository_NameTakenNamesTheLiveHolder: a refusal by the live-name index names the
// live hub holding the name (never a deleted one with the same name), for Create and Update,
// and the refused write leaves nothing behind.
func TestHubRepository_NameTakenNamesTheLiveHolder(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	old := mustCreate(t, repo, details("Ulsan 센터"), base)
	mustDelete(t, repo, old.ID())
	holder := mustCreate(t, repo, details("ULSAN 센터"), base)
	other := mustCreate(t, repo, details("Suwon"), base)

	dup, _ := hub.New(details("ulsan 센터"), master, base)
	errCreate := repo.Create(ctx, dup)
	// A look-alike that lower() alone would not join (full-width letters, a zero-width space):
	// the holder is found by the same key the unique index compares.
	lookAlike, _ := hub.New(details("ＵＬＳＡＮ\u200b 센터"), master, base)
	errLookAlike := repo.Create(ctx, lookAlike)
	_, errUpdate := repo.Update(ctx, other.ID(), func(h *hub.Hub) error {
		return h.Change(details("Ulsan 센터"), master, base)
	})
	for name, err := range map[string]error{"create": errCreate, "update": errUpdate, "look-alike": errLookAlike} {
		var taken *hub.NameTakenError
		switch {
		case !errors.As(err, &taken) || !errors.Is(err, hub.ErrNameTaken):
			t.Errorf("%s: err = %v, want a *hub.NameTakenError", name, err)
		case taken.HolderID != holder.ID():
			t.Errorf("%s: Holder = %s, want the live %s (the deleted one is %s)", name, taken.HolderID, holder.ID(), old.ID())
		}
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM hubs`); err != nil || n != 3 {
		t.Errorf("hubs = %d (%v), want 3: a refused create left a row", n, err)
	}
	if h, _ := repo.FindByID(ctx, other.ID()); h.Name() != "Suwon" || h.Version() != 1 {
		t.Errorf("the refused rename changed the hub: %+v", h.Snapshot())
	}
}
