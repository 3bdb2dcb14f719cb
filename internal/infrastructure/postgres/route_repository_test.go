package postgres_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/route"
)

// TestRouteRepository_CreateFindUpdate: a route reads back as written (distance exact), one
// live route per ordered pair (the other direction is another pair), a deleted route frees its
// pair, and a restore into a taken pair is refused naming the holder.
func TestRouteRepository_CreateFindUpdate(t *testing.T) {
	t.Parallel()
	e := newRouteEnv(t)
	a, b := e.hub(t, "허브 a"), e.hub(t, "허브 b")
	r := e.route(t, a, b, 65.3, 80, base)
	got, err := e.routes.FindByID(ctx, r.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Snapshot(), r.Snapshot()) {
		t.Errorf("read back %+v, want %+v", got.Snapshot(), r.Snapshot())
	}
	var stored string
	if err := e.db.QueryRow(`SELECT distance_km::text FROM hub_routes WHERE route_id = $1`, r.ID()).Scan(&stored); err != nil || stored != "65.300" {
		t.Errorf("distance_km stored as %q (%v), want 65.300", stored, err)
	}

	err = e.routes.Create(ctx, mustNewRoute(t, a, b, 70, 90))
	var exists *route.ExistsError
	if !errors.As(err, &exists) || exists.Holder != r.ID() || kernel.CodeOf(err) != "ROUTE_EXISTS" {
		t.Errorf("second live route a → b: %v", err)
	}
	back := e.route(t, b, a, 65.3, 80, base.Add(time.Second))

	if _, err := e.routes.FindByID(ctx, uuid.New()); !errors.Is(err, route.ErrNotFound) {
		t.Errorf("unknown route: %v", err)
	}
	if err := e.routes.Create(ctx, mustNewRoute(t, a, uuid.New(), 70, 90)); !errors.Is(err, route.ErrArrivalHubNotFound) {
		t.Errorf("route to no hub: %v", err)
	}

	// fn's error writes nothing; an unchanged version writes nothing either.
	boom := errors.New("boom")
	if _, err := e.routes.Update(ctx, r.ID(), func(r *route.HubRoute) error {
		if err := r.Update(route.Figures{DistanceKm: 99, DurationMinutes: 99}, route.Ends{}, master, base); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("update: %v", err)
	}
	if got, _ := e.routes.FindByID(ctx, r.ID()); got.Version() != 1 || got.DistanceKm() != 65.3 {
		t.Errorf("a failed update changed the route: %+v", got.Snapshot())
	}

	e.deleteRoute(t, r.ID())
	again := e.route(t, a, b, 1999.999, 10080, base.Add(2*time.Second))
	if got, _ := e.routes.FindByID(ctx, again.ID()); got.DistanceKm() != 1999.999 {
		t.Errorf("distance %v, want 1999.999", got.DistanceKm())
	}
	_, err = e.routes.Update(ctx, r.ID(), func(r *route.HubRoute) error { return r.Restore(master, base) })
	if !errors.As(err, &exists) || exists.Holder != again.ID() {
		t.Errorf("restore into a taken pair: %v", err)
	}
	if taken, err := e.routes.PairTaken(ctx, a, b); err != nil || !taken {
		t.Errorf("PairTaken(a, b) = %v, %v", taken, err)
	}
	e.deleteRoute(t, back.ID())
	if taken, err := e.routes.PairTaken(ctx, b, a); err != nil || taken {
		t.Errorf("PairTaken(b, a) after its deletion = %v, %v", taken, err)
	}
}

// TestRouteRepository_EventsCarryTheRouteState: every change writes one hub-route event in its
// transaction, with the route's public JSON (query.RouteState) as its state.
func TestRouteRepository_EventsCarryTheRouteState(t *testing.T) {
	t.Parallel()
	e := newRouteEnv(t)
	a, b := e.hub(t, "허브 a"), e.hub(t, "허브 b")
	r := e.route(t, a, b, 0.001, 1, base)
	e.deleteRoute(t, r.ID())
	events, err := e.store.EventsAfter(ctx, 0, 100, "hub-route")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Type != "hub-route.created" || events[1].Type != "hub-route.deleted" {
		t.Fatalf("events: %+v", events)
	}
	for i, ev := range events {
		var st query.RouteState
		if err := json.Unmarshal(ev.State, &st); err != nil {
			t.Fatal(err)
		}
		if ev.AggregateType != "hub-route" || ev.AggregateID != r.ID() || ev.Version != int64(i+1) || st.RouteID != r.ID() ||
			st.Version != ev.Version || st.IsDeleted != (i == 1) || st.DistanceKm != 0.001 || st.DepartureHubID != a || st.ArrivalHubID != b {
			t.Errorf("event %d: %+v %s", i, ev, ev.State)
		}
	}
	var keys map[string]any
	_ = json.Unmarshal(events[0].State, &keys)
	if _, ok := keys["deletedWithHubId"]; ok || len(keys) != 13 {
		t.Errorf("the state is not the contract's route: %s", events[0].State)
	}
}

func mustNewRoute(t *testing.T, dep, arr uuid.UUID, km float64, mins int) *route.HubRoute {
	t.Helper()
	r, err := route.New(dep, arr, route.Figures{DistanceKm: km, DurationMinutes: mins}, route.Ends{}, master, base)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
