package postgres_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

var (
	ctx    = context.Background()
	master = uuid.MustParse("00000000-0000-4000-8000-00000000000a")
	base   = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)
)

func newRepo(t *testing.T) (*hubstore.Repository, *sqlx.DB) {
	t.Helper()
	db := pgtest.Open(t)
	return hubRepo(t, postgres.NewStore(db)), db
}

// hubRepo is the hub adapter over store.
func hubRepo(t testing.TB, store *postgres.Store) *hubstore.Repository {
	t.Helper()
	repo, err := hubstore.New(store)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// hubEnv is the hub adapter over one store of a test's database: what the environments of the
// adapters whose records stand at a hub (companies, routes, shippers) share.
type hubEnv struct {
	db    *sqlx.DB
	store *postgres.Store
	hubs  *hubstore.Repository
}

func hubEnvOver(t *testing.T, db *sqlx.DB) hubEnv {
	t.Helper()
	store := postgres.NewStore(db)
	return hubEnv{db: db, store: store, hubs: hubRepo(t, store)}
}

// hub creates a live hub without a location.
func (e hubEnv) hub(t *testing.T, name string) uuid.UUID {
	t.Helper()
	return mustCreate(t, e.hubs, details(name), base).ID()
}

func details(name string) hub.Details {
	return hub.Details{Name: name, Address: hub.Address{Address1: "주소 " + name}}
}

func mustCreate(t *testing.T, repo hub.Repository, d hub.Details, at time.Time) *hub.Hub {
	t.Helper()
	h, err := hub.New(d, master, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Create(ctx, h); err != nil {
		t.Fatalf("create %q: %v", d.Name, err)
	}
	return h
}

func mustDelete(t *testing.T, repo hub.Repository, id uuid.UUID) *hub.Hub {
	t.Helper()
	h, err := repo.Update(ctx, id, func(h *hub.Hub) error { return h.Delete(master, base.Add(time.Hour)) })
	if err != nil {
		t.Fatalf("delete %s: %v", id, err)
	}
	return h
}

func mustSearch(t *testing.T, repo hub.Repository, cond hub.SearchCondition, page, size int, sort ...paging.Order) paging.Page[*hub.Hub] {
	t.Helper()
	got, err := repo.Search(ctx, cond, apptest.Pageable(t, page, size, sort...))
	if err != nil {
		t.Fatalf("search %+v: %v", cond, err)
	}
	return got
}

func names(hubs []*hub.Hub) []string {
	out := make([]string, len(hubs))
	for i, h := range hubs {
		out[i] = h.Name()
	}
	return out
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
