package postgres_test

import (
	"errors"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/domain/hub"
	namekey "github.com/hubd/hubd/internal/domain/names"
)

// lookAlikes of the stored names "서울특별시 센터" and "Seoul Hub": with lower(hub_name) as the
// key, each was a new hub.
var lookAlikes = []string{
	"서울특별시  센터", norm.NFD.String("서울특별시 센터"), "서울특별시\u00a0센터", "서울특별시\u3000센터",
	"서울\u200b특별시 센터", "서울특별시 센터\ufeff", "서울\ufeff특별시 센터", "서울특별시 \u2060센터",
	"ＳＥＯＵＬ ＨＵＢ", "seoul  hub", "Seoul\u200d Hub\u00ad", "SEOUL HUB",
}

// TestHubRepository_LookAlikeNamesAreTaken: creating, renaming to, or restoring a look-alike of
// a live hub's name is ErrNameTaken, because the key is written by the repository and compared
// by the unique index.
func TestHubRepository_LookAlikeNamesAreTaken(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	seoul := mustCreate(t, repo, details("서울특별시 센터"), base)
	mustCreate(t, repo, details("Seoul Hub"), base)
	var stored string
	if err := db.Get(&stored, "SELECT name_key FROM hubs WHERE hub_id = $1", seoul.ID()); err != nil || stored != namekey.Key("서울특별시 센터") {
		t.Fatalf("stored key %+q (%v)", stored, err)
	}
	other := mustCreate(t, repo, details("부산 센터"), base)
	for _, name := range lookAlikes {
		h, err := hub.New(details(name), master, base)
		if err != nil {
			t.Fatalf("%+q: %v", name, err)
		}
		if err := repo.Create(ctx, h); !errors.Is(err, hub.ErrNameTaken) {
			t.Errorf("create %+q: %v, want ErrNameTaken", name, err)
		}
		_, err = repo.Update(ctx, other.ID(), func(h *hub.Hub) error { return h.Change(details(name), master, base) })
		if !errors.Is(err, hub.ErrNameTaken) {
			t.Errorf("rename to %+q: %v, want ErrNameTaken", name, err)
		}
	}
	// A deleted look-alike cannot come back while the name is live.
	mustDelete(t, repo, seoul.ID())
	wide := mustCreate(t, repo, details("ＳＥＯＵＬ특별시 센터"), base)
	mustDelete(t, repo, wide.ID())
	twin := mustCreate(t, repo, details("서울특별시  센터"), base) // free again: stored normalized
	if twin.Name() != "서울특별시 센터" {
		t.Errorf("stored as %+q", twin.Name())
	}
	if _, err := repo.Update(ctx, seoul.ID(), func(h *hub.Hub) error { return h.Restore(master, base) }); !errors.Is(err, hub.ErrNameTaken) {
		t.Errorf("restore beside its look-alike: %v", err)
	}
	// Renaming writes the new key.
	renamed, err := repo.Update(ctx, other.ID(), func(h *hub.Hub) error { return h.Change(details("ＤＡＥＧＵ"), master, base) })
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&stored, "SELECT name_key FROM hubs WHERE hub_id = $1", renamed.ID()); err != nil || stored != "daegu" {
		t.Errorf("key after rename %+q (%v)", stored, err)
	}
}
