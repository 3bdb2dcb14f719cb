package postgres_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres/routestore"
)

// routeEnv is the hub and route adapters over one store of a test's own database.
type routeEnv struct {
	hubEnv
	routes *routestore.Repository
}

func newRouteEnv(t *testing.T) routeEnv {
	t.Helper()
	return routeEnvOver(t, pgtest.Open(t))
}

func routeEnvOver(t *testing.T, db *sqlx.DB) routeEnv {
	t.Helper()
	e := hubEnvOver(t, db)
	routes, err := routestore.New(e.store)
	if err != nil {
		t.Fatal(err)
	}
	return routeEnv{hubEnv: e, routes: routes}
}

// route creates a route without the great-circle rule (no Ends).
func (e routeEnv) route(t *testing.T, dep, arr uuid.UUID, km float64, mins int, at time.Time) *route.HubRoute {
	t.Helper()
	r, err := route.New(dep, arr, route.Figures{DistanceKm: km, DurationMinutes: mins}, route.Ends{}, master, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.routes.Create(ctx, r); err != nil {
		t.Fatalf("create route %s → %s: %v", dep, arr, err)
	}
	return r
}

func (e routeEnv) deleteRoute(t *testing.T, id uuid.UUID) *route.HubRoute {
	t.Helper()
	r, err := e.routes.Update(ctx, id, func(r *route.HubRoute) error { return r.Delete(master, base.Add(time.Hour)) })
	if err != nil {
		t.Fatalf("delete route %s: %v", id, err)
	}
	return r
}
