package seed_test

import (
	"context"
	"testing"

	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// TestKoreaRoutes: the embedded CSV is 18 connections, each as two routes with equal figures.
func TestKoreaRoutes(t *testing.T) {
	routes, err := seed.KoreaRoutes()
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 36 {
		t.Fatalf("%d routes, want 36", len(routes))
	}
	for i := 0; i < len(routes); i += 2 {
		there, back := routes[i], routes[i+1]
		if there.Departure != back.Arrival || there.Arrival != back.Departure || there.Figures != back.Figures {
			t.Errorf("connection %d: %+v and %+v", i/2, there, back)
		}
	}
	if r := routes[2]; r.Departure != "경기 남부 센터" || r.Arrival != "서울특별시 센터" || r.Figures != (route.Figures{DistanceKm: 65.3, DurationMinutes: 80}) {
		t.Errorf("경기 남부 → 서울: %+v", r)
	}
}

// TestLoadRoutes_FirstStartAndAgain: after the 17 hubs, the first load creates the 36 routes
// live through the create use case as the seed actor (the four connections shorter than the
// great circle too); loading again adds nothing and changes nothing; a deleted hub's routes are
// skipped, not recreated.
func TestLoadRoutes_FirstStartAndAgain(t *testing.T) {
	e := apptest.New(t)
	ctx := context.Background()
	creator := func(ctx context.Context, d hub.Details) error {
		_, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: seed.Actor, Details: d})
		return err
	}
	if created, _, err := seed.Load(ctx, creator); err != nil || created != 17 {
		t.Fatalf("hubs: %d, %v", created, err)
	}
	created, skipped, err := seed.LoadRoutes(ctx, seed.RouteCreator(e.App))
	if err != nil || created != 36 || skipped != 0 {
		t.Fatalf("first load: %d created, %d skipped, %v", created, skipped, err)
	}
	var live, bySeed, versions int
	if err := e.DB.QueryRow(`SELECT count(*) FILTER (WHERE NOT is_deleted), count(*) FILTER (WHERE created_by = $1),
		count(*) FILTER (WHERE version = 1) FROM hub_routes`, seed.ActorID).Scan(&live, &bySeed, &versions); err != nil {
		t.Fatal(err)
	}
	if live != 36 || bySeed != 36 || versions != 36 {
		t.Errorf("%d live, %d by the seed actor, %d at version 1; want 36 each", live, bySeed, versions)
	}
	var parties int // the first start adds no shippers or companies: the hubs have none yet
	if err := e.DB.QueryRow(`SELECT (SELECT count(*) FROM shippers) + (SELECT count(*) FROM companies)`).Scan(&parties); err != nil || parties != 0 {
		t.Errorf("%d shippers and companies after the first start (%v), want 0", parties, err)
	}
	var events int
	if err := e.DB.QueryRow(`SELECT count(*) FROM events WHERE aggregate_type = 'hub-route' AND type = 'hub-route.created'`).Scan(&events); err != nil || events != 36 {
		t.Errorf("%d hub-route.created events (%v), want 36", events, err)
	}

	created, skipped, err = seed.LoadRoutes(ctx, seed.RouteCreator(e.App))
	if err != nil || created != 0 || skipped != 36 {
		t.Errorf("second load: %d created, %d skipped, %v", created, skipped, err)
	}
	var total int
	if err := e.DB.QueryRow(`SELECT count(*) FROM hub_routes`).Scan(&total); err != nil || total != 36 {
		t.Errorf("%d routes after the second load (%v), want 36", total, err)
	}
}
