package query_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var (
	ctx = context.Background()
	// now is the fixed clock of these tests.
	now = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)
)

type env struct {
	app    application.Application
	repo   *postgres.HubRepository
	master access.Actor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := pgtest.Open(t)
	repo, err := postgres.NewHubRepository(db)
	if err != nil {
		t.Fatal(err)
	}
	app, err := application.New(repo, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return &env{app: app, repo: repo, master: access.Actor{ID: uuid.New(), Role: access.Master}}
}

func actor(role access.Role) access.Actor { return access.Actor{ID: uuid.New(), Role: role} }

func ptr[T any](v T) *T { return &v }

func details(name string, manager *uuid.UUID) hub.Details {
	return hub.Details{
		Name:      name,
		ManagerID: manager,
		Address:   hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55"},
		Location:  &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
	}
}

func (e *env) create(t *testing.T, d hub.Details) *hub.Hub {
	t.Helper()
	h, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: d})
	if err != nil {
		t.Fatalf("create %q: %v", d.Name, err)
	}
	return h
}

func (e *env) createDeleted(t *testing.T, d hub.Details) *hub.Hub {
	t.Helper()
	h, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: e.create(t, d).ID()})
	if err != nil {
		t.Fatalf("delete %q: %v", d.Name, err)
	}
	return h
}

func pageable(t *testing.T, page, size int, sort ...paging.Order) paging.Pageable {
	t.Helper()
	p, err := paging.NewPageable(page, size, sort)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error = %v, want %v", err, want)
	}
}
