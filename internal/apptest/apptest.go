// Package apptest is the fixture the application's tests share: an application wired over a
// PostgreSQL database of the test's own, a controllable clock, and helpers to store hubs and
// check what was stored.
//
// It is imported only by tests (it needs a database from pgtest, so the test binary's TestMain
// must call pgtest.Main). It lives outside internal/application because it wires the
// infrastructure in, which the application's own packages must never import.
package apptest

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/routestore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
)

// Start is the first reading of every Env's clock: not UTC and finer than a microsecond, so the
// tests also see that stored times are UTC and truncated to what PostgreSQL keeps.
var Start = time.Date(2026, 11, 21, 14, 0, 0, 123456789, time.FixedZone("KST", 9*60*60))

// Stored is the way PostgreSQL gives a time back: UTC, microseconds.
func Stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Clock is a controllable command.Clock, safe for concurrent use. It stands still until advanced.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock that reads start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's current reading.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// Env is one test's application over its own database.
type Env struct {
	App    application.Application
	Repo   hub.Repository // the repository under App, to read what was stored behind its back
	Clock  *Clock         // App's clock, reading Start until a test advances it
	Master access.Actor   // the MASTER that Create and CreateDeleted act as
	DB     *sqlx.DB       // the database under Repo, for what only raw SQL can write
}

// New wires an application over a fresh database of the test's own (see pgtest.Open) and a Clock
// at Start.
func New(t testing.TB) *Env {
	t.Helper()
	db := pgtest.Open(t)
	store := postgres.NewStore(db)
	s, err := Storage(store)
	if err != nil {
		t.Fatal(err)
	}
	repo := s.Hubs
	c := NewClock(Start)
	app, err := application.New(s, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{App: app, Repo: repo, Clock: c, Master: Actor(access.Master), DB: db}
}

// Storage is every port of the application over one store: the hub's and the route's adapters,
// the store's unit of work and its outbox, wired as cmd/hubd wires them.
func Storage(store *postgres.Store) (application.Storage, error) {
	hubs, err := hubstore.New(store)
	if err != nil {
		return application.Storage{}, err
	}
	routes, err := routestore.New(store)
	if err != nil {
		return application.Storage{}, err
	}
	companies, err := companystore.New(store)
	if err != nil {
		return application.Storage{}, err
	}
	shippers, err := shipperstore.New(store)
	if err != nil {
		return application.Storage{}, err
	}
	return application.Storage{
		Hubs: hubs, HubViews: hubs, Routes: routes, RouteViews: routes, RouteHubs: routes,
		HubUsers: hubs, Tx: store.Transactor(), Events: store,
		Companies: companies, CompanyViews: companies, CompanyHubs: companies,
		ShipperStorage: application.ShipperStorage{Shippers: shippers, ShipperViews: shippers, Rotation: shippers, ShipperHubs: shippers},
	}, nil
}

// Actor is a caller with the role and an id of its own.
func Actor(role access.Role) access.Actor { return access.Actor{ID: uuid.New(), Role: role} }

// Ptr returns a pointer to a copy of v.
func Ptr[T any](v T) *T { return &v }

// Details are valid hub details with the name and manager, a Seoul address and a location.
func Details(name string, manager *uuid.UUID) hub.Details {
	return hub.Details{
		Name:      name,
		ManagerID: manager,
		Address:   hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55", Address2: "3층"},
		Location:  &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
	}
}

// Create stores a hub as Master and fails the test when it cannot; it returns the hub as
// stored, loaded from the repository (the commands give back only views).
func (e *Env) Create(t testing.TB, d hub.Details) *hub.Hub {
	t.Helper()
	v, err := e.App.Hubs.Create.Handle(context.Background(), command.CreateHub{Actor: e.Master, Details: d})
	if err != nil {
		t.Fatalf("create %q: %v", d.Name, err)
	}
	return e.find(t, v.ID)
}

func (e *Env) find(t testing.TB, id uuid.UUID) *hub.Hub {
	t.Helper()
	h, err := e.Repo.FindByID(context.Background(), id)
	if err != nil {
		t.Fatalf("load %s: %v", id, err)
	}
	return h
}

// CreateDeleted stores a hub and soft-deletes it as Master; it returns the deleted hub.
func (e *Env) CreateDeleted(t testing.TB, d hub.Details) *hub.Hub {
	t.Helper()
	h := e.Create(t, d)
	if _, err := e.App.Hubs.Delete.Handle(context.Background(), command.DeleteHub{Actor: e.Master, ID: h.ID()}); err != nil {
		t.Fatalf("delete %q: %v", d.Name, err)
	}
	return e.find(t, h.ID())
}

// Load reads the hub as stored, deleted or not, straight from the repository.
func (e *Env) Load(t testing.TB, id uuid.UUID) hub.Snapshot {
	t.Helper()
	h, err := e.Repo.FindByID(context.Background(), id)
	if err != nil {
		t.Fatalf("load %s: %v", id, err)
	}
	return h.Snapshot()
}

// View is the view of the hub as stored (query.ViewOf of the loaded aggregate), what the
// commands return.
func (e *Env) View(t testing.TB, id uuid.UUID) query.HubView {
	t.Helper()
	return query.ViewOf(e.find(t, id))
}

// Unchanged asserts that the stored hub is exactly before: a refused change wrote nothing.
func (e *Env) Unchanged(t testing.TB, before hub.Snapshot) {
	t.Helper()
	if after := e.Load(t, before.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("stored hub changed by a refused action:\nbefore %+v\nafter  %+v", before, after)
	}
}

// Pageable is page of size in sort order, for a request the test knows to be valid.
func Pageable(t testing.TB, page, size int, sort ...paging.Order) paging.Pageable {
	t.Helper()
	p, err := paging.NewPageable(page, size, sort)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// WantErr asserts that err matches want (nil: no error), and stops the test when it does not.
func WantErr(t testing.TB, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}

// HeadCounting is a feed (the store's, say) that counts its reads of the head, for tests of
// what reads it and how often.
type HeadCounting struct {
	feed.Log // set before the first read
	mu       sync.Mutex
	heads    int
}

// Head counts the read and reads the head of the feed underneath.
func (l *HeadCounting) Head(ctx context.Context) (int64, error) {
	l.mu.Lock()
	l.heads++
	l.mu.Unlock()
	return l.Log.Head(ctx)
}

// Heads is how often the head was read.
func (l *HeadCounting) Heads() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.heads
}
