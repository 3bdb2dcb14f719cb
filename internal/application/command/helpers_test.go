package command_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var ctx = context.Background()

// start is the first reading of every test clock: not UTC and finer than a microsecond, so the
// tests also see that stored times are UTC and truncated to what PostgreSQL keeps.
var start = time.Date(2026, 11, 21, 14, 0, 0, 123456789, time.FixedZone("KST", 9*60*60))

// clock is a controllable command.Clock, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on and returns the new time.
func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// stored is the way PostgreSQL gives a time back: UTC, microseconds.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// env is one test's application over its own database.
type env struct {
	app    application.Application
	repo   *postgres.HubRepository
	clock  *clock
	master access.Actor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := pgtest.Open(t)
	repo, err := postgres.NewHubRepository(db)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	app, err := application.New(repo, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	return &env{app: app, repo: repo, clock: c, master: actor(access.Master)}
}

func actor(role access.Role) access.Actor { return access.Actor{ID: uuid.New(), Role: role} }

func ptr[T any](v T) *T { return &v }

func details(name string, manager *uuid.UUID) hub.Details {
	return hub.Details{
		Name:      name,
		ManagerID: manager,
		Address:   hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55", Address2: "3층"},
		Location:  &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
	}
}

// create stores a hub as MASTER and fails the test when it cannot.
func (e *env) create(t *testing.T, d hub.Details) *hub.Hub {
	t.Helper()
	h, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: d})
	if err != nil {
		t.Fatalf("create %q: %v", d.Name, err)
	}
	return h
}

// createDeleted stores a hub and soft-deletes it as MASTER.
func (e *env) createDeleted(t *testing.T, d hub.Details) *hub.Hub {
	t.Helper()
	h := e.create(t, d)
	deleted, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: h.ID()})
	if err != nil {
		t.Fatalf("delete %q: %v", d.Name, err)
	}
	return deleted
}

// load reads the hub as stored, deleted or not.
func (e *env) load(t *testing.T, id uuid.UUID) hub.Snapshot {
	t.Helper()
	h, err := e.repo.FindByID(ctx, id)
	if err != nil {
		t.Fatalf("load %s: %v", id, err)
	}
	return h.Snapshot()
}

// unchanged asserts that the stored hub is exactly before: a refused change wrote nothing.
func (e *env) unchanged(t *testing.T, before hub.Snapshot) {
	t.Helper()
	if after := e.load(t, before.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("stored hub changed by a refused action:\nbefore %+v\nafter  %+v", before, after)
	}
}

// wantErr asserts that err matches want (nil: no error).
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}
