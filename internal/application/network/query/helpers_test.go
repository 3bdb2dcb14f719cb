package query_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/networkstore"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

var ctx = context.Background()

// korea is a test's database with the 17 hubs and the 36 routes of the reference network.
type korea struct {
	env    *apptest.Env
	store  *postgres.Store
	reader *networkstore.Reader
	hubs   map[string]uuid.UUID
	names  map[uuid.UUID]string
	routes map[[2]string]uuid.UUID
}

func newKorea(t *testing.T) *korea {
	t.Helper()
	env := apptest.New(t)
	k := &korea{env: env, store: env.Repo.(*hubstore.Repository).Store(), hubs: map[string]uuid.UUID{}, names: map[uuid.UUID]string{}}
	details, err := seed.KoreaHubs()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range details {
		h := env.Create(t, d)
		k.hubs[d.Name], k.names[h.ID()] = h.ID(), d.Name
	}
	k.routes = apptest.PutKoreaRoutes(t, k.store, k.hubs)
	if k.reader, err = networkstore.New(k.store); err != nil {
		t.Fatal(err)
	}
	return k
}

// projection is a projection of k's database, loaded; opts.PollEvery defaults to an hour here,
// so that it follows the feed only when a test says so.
func (k *korea) projection(t *testing.T, opts query.Options) *query.Projection {
	t.Helper()
	opts.PollEvery = cmp(opts.PollEvery, time.Hour)
	p, err := query.New(k.reader, k.store, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Load(ctx); err != nil {
		t.Fatal(err)
	}
	return p
}

func cmp(v, def time.Duration) time.Duration {
	if v == 0 {
		return def
	}
	return v
}

var reader = apptest.Actor(access.HubManager)

// path is the way between two named hubs by distance under c, by name.
func (k *korea) path(t *testing.T, c context.Context, p *query.Projection, from, to string) ([]string, network.Path, error) {
	t.Helper()
	got, err := p.Path(c, query.FindPath{Actor: reader, From: k.hubs[from], To: k.hubs[to], By: network.ByDistance})
	var names []string
	for _, id := range got.Hubs {
		names = append(names, k.names[id])
	}
	return names, got, err
}

// wantPath checks the way 서울 → 부산 under c.
func (k *korea) wantPath(t *testing.T, c context.Context, p *query.Projection, km float64, minutes int64, via ...string) {
	t.Helper()
	names, got, err := k.path(t, c, p, "서울특별시 센터", "부산광역시 센터")
	if err != nil {
		t.Fatalf("서울 → 부산: %v", err)
	}
	if !slices.Equal(names, via) || math.Abs(got.TotalDistanceKm-km) > 1e-9 || got.TotalDurationMinutes != minutes {
		t.Errorf("서울 → 부산: %v, %.3f km, %d min; want %v, %.3f km, %d min", names, got.TotalDistanceKm, got.TotalDurationMinutes, via, km, minutes)
	}
}

// feedHead is the highest seq in the database.
func (k *korea) feedHead(t *testing.T) int64 {
	t.Helper()
	seq, err := k.reader.FeedHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// route is the stored figures of a reference route, to delete or restore it.
func (k *korea) route(t *testing.T, from, to string, deleted bool) apptest.Route {
	t.Helper()
	for _, r := range apptest.KoreaRoutes(t) {
		if r.From == from && r.To == to {
			return apptest.Route{ID: k.routes[[2]string{from, to}], From: k.hubs[from], To: k.hubs[to],
				DistanceKm: r.DistanceKm, DurationMinutes: r.DurationMinutes, Deleted: deleted}
		}
	}
	t.Fatalf("no route %s → %s", from, to)
	return apptest.Route{}
}

// The reference answers of the contract and the issue.
var (
	viaDaegu     = []string{"서울특별시 센터", "경기 남부 센터", "대구광역시 센터", "부산광역시 센터"}
	viaGyeongbuk = []string{"서울특별시 센터", "경기 남부 센터", "경상북도 센터", "대구광역시 센터", "부산광역시 센터"}
)
