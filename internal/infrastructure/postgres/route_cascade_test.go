package postgres_test

import (
	"context"
	"errors"

	"github.com/lib/pq"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/feed"
	hubcommand "github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/routestore"
)

// cascadeEnv is the application over a database of its own, with the route adapter to read
// what the cascade stored.
type cascadeEnv struct {
	*apptest.Env
	routes *routestore.Repository
}

func newCascadeEnv(t *testing.T) cascadeEnv {
	t.Helper()
	e := apptest.New(t)
	routes, err := routestore.New(postgres.NewStore(e.DB))
	if err != nil {
		t.Fatal(err)
	}
	return cascadeEnv{Env: e, routes: routes}
}

func (e cascadeEnv) hub(t *testing.T, name string) uuid.UUID {
	t.Helper()
	return e.Create(t, apptest.Details(name, nil)).ID()
}

func (e cascadeEnv) route(t *testing.T, dep, arr uuid.UUID) uuid.UUID {
	t.Helper()
	// Both hubs stand at one point in apptest.Details, so any distance passes the great circle.
	v, err := e.App.Routes.Create.Handle(context.Background(), command.CreateRoute{
		Actor: e.Master, DepartureHubID: dep, ArrivalHubID: arr, Figures: route.Figures{DistanceKm: 12.5, DurationMinutes: 20},
	})
	if err != nil {
		t.Fatalf("create route: %v", err)
	}
	return v.ID
}

func (e cascadeEnv) load(t *testing.T, id uuid.UUID) *route.HubRoute {
	t.Helper()
	r, err := e.routes.FindByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e cascadeEnv) deleteHub(id uuid.UUID) error {
	_, err := e.App.Hubs.Delete.Handle(context.Background(), hubcommand.DeleteHub{Actor: e.Master, ID: id})
	return err
}

func (e cascadeEnv) restoreHub(id uuid.UUID) error {
	_, err := e.App.Hubs.Restore.Handle(context.Background(), hubcommand.RestoreHub{Actor: e.Master, ID: id})
	return err
}

// feedAfter is the feed of route events after seq, read as MASTER through the application.
func (e cascadeEnv) feedAfter(t *testing.T, seq int64, aggregateType string) []feed.Event {
	t.Helper()
	evs, err := e.App.Feed.Handle(context.Background(), feed.Query{Actor: e.Master, After: seq, Limit: 1000, AggregateType: aggregateType})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func (e cascadeEnv) lastSeq(t *testing.T) int64 {
	t.Helper()
	var seq int64
	if err := e.DB.QueryRow(`SELECT COALESCE(max(seq), 0) FROM events`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// expect checks which routes are live and, for the deleted ones, which hub deletion marked them.
func (e cascadeEnv) expect(t *testing.T, step string, live []uuid.UUID, marked map[uuid.UUID]*route.Cascade) {
	t.Helper()
	for _, id := range live {
		if r := e.load(t, id); r.IsDeleted() {
			t.Errorf("%s: route %s is deleted", step, id)
		}
	}
	for id, mark := range marked {
		r := e.load(t, id)
		switch got := r.DeletedWith(); {
		case !r.IsDeleted():
			t.Errorf("%s: route %s is live, want deleted", step, id)
		case (got == nil) != (mark == nil) || got != nil && *got != *mark:
			t.Errorf("%s: route %s marked %v, want %v", step, id, got, mark)
		}
	}
}

// TestHubCascade_DeleteAndRestoreBothDirections: deleting a hub deletes its live routes from and
// to it in its transaction, one hub-route.deleted event each, marked with that deletion;
// restoring it brings back exactly those whose other hub is live, one hub-route.restored each;
// the others stay deleted with their mark, and the other hub's restore does not take them.
func TestHubCascade_DeleteAndRestoreBothDirections(t *testing.T) {
	t.Parallel()
	e := newCascadeEnv(t)
	a, b, c := e.hub(t, "허브 a"), e.hub(t, "허브 b"), e.hub(t, "허브 c")
	ab, ba, bc, cb, ca := e.route(t, a, b), e.route(t, b, a), e.route(t, b, c), e.route(t, c, b), e.route(t, c, a)

	seq := e.lastSeq(t)
	at := e.Clock.Advance(time.Minute)
	if err := e.deleteHub(b); err != nil {
		t.Fatal(err)
	}
	markB := &route.Cascade{HubID: b, HubVersion: 2}
	e.expect(t, "b deleted", []uuid.UUID{ca}, map[uuid.UUID]*route.Cascade{ab: markB, ba: markB, bc: markB, cb: markB})
	for _, id := range []uuid.UUID{ab, ba, bc, cb} {
		r := e.load(t, id)
		if *r.DeletedBy() != e.Master.ID || !r.DeletedAt().Equal(apptest.Stored(at)) || r.Version() != 2 {
			t.Errorf("route %s: deleted by %v at %v, version %d", id, r.DeletedBy(), r.DeletedAt(), r.Version())
		}
	}
	evs := e.feedAfter(t, seq, "")
	if len(evs) != 5 || evs[0].Type != "hub.deleted" {
		t.Fatalf("events of the deletion: %+v", evs)
	}
	routeEvents := e.feedAfter(t, seq, "hub-route")
	got := map[uuid.UUID]bool{}
	for _, ev := range routeEvents {
		if ev.AggregateType != "hub-route" || ev.Type != "hub-route.deleted" || ev.Version != 2 || ev.Seq <= evs[0].Seq {
			t.Errorf("route event %+v", ev)
		}
		got[ev.AggregateID] = true
	}
	if len(routeEvents) != 4 || !got[ab] || !got[ba] || !got[bc] || !got[cb] {
		t.Errorf("route events of the deletion: %+v", routeEvents)
	}

	e.Clock.Advance(time.Minute)
	if err := e.deleteHub(c); err != nil {
		t.Fatal(err)
	}
	markC := &route.Cascade{HubID: c, HubVersion: 2}
	e.expect(t, "c deleted", nil, map[uuid.UUID]*route.Cascade{ca: markC, bc: markB, cb: markB})
	if r := e.load(t, bc); r.Version() != 2 {
		t.Errorf("c's deletion touched a route b's deletion had removed: version %d", r.Version())
	}

	seq = e.lastSeq(t)
	if err := e.restoreHub(b); err != nil {
		t.Fatal(err)
	}
	e.expect(t, "b restored", []uuid.UUID{ab, ba}, map[uuid.UUID]*route.Cascade{bc: markB, cb: markB, ca: markC})
	if evs := e.feedAfter(t, seq, "hub-route"); len(evs) != 2 || evs[0].Type != "hub-route.restored" || evs[1].Type != "hub-route.restored" {
		t.Errorf("route events of b's restore: %+v", evs)
	}

	if err := e.restoreHub(c); err != nil {
		t.Fatal(err)
	}
	// c's restore brings back what c's deletion removed; b → c and c → b were b's deletion's.
	e.expect(t, "c restored", []uuid.UUID{ab, ba, ca}, map[uuid.UUID]*route.Cascade{bc: markB, cb: markB})
}

// TestHubCascade_RestoreSkipsATakenPair: a route whose pair a live route holds stays deleted
// when its hub comes back, and the restore succeeds for the rest. The rules keep a hub's pairs
// free while it is deleted, so the holder is written behind the application's back.
func TestHubCascade_RestoreSkipsATakenPair(t *testing.T) {
	t.Parallel()
	e := newCascadeEnv(t)
	a, b := e.hub(t, "허브 a"), e.hub(t, "허브 b")
	ab, ba := e.route(t, a, b), e.route(t, b, a)
	if err := e.deleteHub(a); err != nil {
		t.Fatal(err)
	}
	holder := uuid.New()
	if _, err := e.DB.Exec(`INSERT INTO hub_routes (route_id, departure_hub_id, arrival_hub_id, distance_km, duration_minutes,
		version, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, 9, 9, 1, now(), $4, now(), $4)`, holder, a, b, master); err != nil {
		t.Fatal(err)
	}
	if err := e.restoreHub(a); err != nil {
		t.Fatalf("restore with a taken pair: %v", err)
	}
	mark := &route.Cascade{HubID: a, HubVersion: 2}
	e.expect(t, "a restored", []uuid.UUID{ba, holder}, map[uuid.UUID]*route.Cascade{ab: mark})
}

// TestHubCascade_FailureLeavesNothingHalfDone: a database error in the middle of the cascade
// (a trigger refusing the second route's write) rolls back the hub's change and every route's,
// and their events, for the deletion and for the restore.
func TestHubCascade_FailureLeavesNothingHalfDone(t *testing.T) {
	t.Parallel()
	e := newCascadeEnv(t)
	a, b, c := e.hub(t, "허브 a"), e.hub(t, "허브 b"), e.hub(t, "허브 c")
	routes := []uuid.UUID{e.route(t, a, b), e.route(t, b, a), e.route(t, b, c), e.route(t, c, b)}
	var second uuid.UUID // the second route the cascade writes (it goes in route-id order)
	if err := e.DB.QueryRow(`SELECT route_id FROM hub_routes ORDER BY route_id OFFSET 1 LIMIT 1`).Scan(&second); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.Exec(`CREATE FUNCTION refuse_route() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'injected failure'; END $$;
		CREATE TRIGGER refuse_route BEFORE UPDATE ON hub_routes FOR EACH ROW
		WHEN (NEW.route_id = '` + second.String() + `') EXECUTE FUNCTION refuse_route()`); err != nil {
		t.Fatal(err)
	}
	hubBefore, seq := e.Load(t, b), e.lastSeq(t)
	if err := e.deleteHub(b); err == nil {
		t.Fatal("the deletion succeeded despite the failure")
	}
	e.Unchanged(t, hubBefore)
	e.expect(t, "failed deletion", routes, nil)
	for _, id := range routes {
		if v := e.load(t, id).Version(); v != 1 {
			t.Errorf("route %s at version %d after a failed deletion", id, v)
		}
	}
	if evs := e.feedAfter(t, seq, ""); len(evs) != 0 {
		t.Errorf("a failed deletion wrote events: %+v", evs)
	}

	// Without the trigger the deletion goes through; with it again, the restore fails whole.
	if _, err := e.DB.Exec(`ALTER TABLE hub_routes DISABLE TRIGGER refuse_route`); err != nil {
		t.Fatal(err)
	}
	if err := e.deleteHub(b); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.Exec(`ALTER TABLE hub_routes ENABLE TRIGGER refuse_route`); err != nil {
		t.Fatal(err)
	}
	hubBefore, seq = e.Load(t, b), e.lastSeq(t)
	if err := e.restoreHub(b); err == nil {
		t.Fatal("the restore succeeded despite the failure")
	}
	e.Unchanged(t, hubBefore)
	mark := &route.Cascade{HubID: b, HubVersion: 2}
	e.expect(t, "failed restore", nil, map[uuid.UUID]*route.Cascade{routes[0]: mark, routes[1]: mark, routes[2]: mark, routes[3]: mark})
	if evs := e.feedAfter(t, seq, ""); len(evs) != 0 {
		t.Errorf("a failed restore wrote events: %+v", evs)
	}
}

// TestHubCascade_ConcurrentRouteChangesDoNotDeadlock: changes of a hub's routes racing with the
// hub's deletion and restore queue up (a route's change holds its hubs first) instead of
// deadlocking with the cascade; every answer is a success or the refusal the rules give.
func TestHubCascade_ConcurrentRouteChangesDoNotDeadlock(t *testing.T) {
	t.Parallel()
	e := newCascadeEnv(t)
	a, b := e.hub(t, "허브 a"), e.hub(t, "허브 b")
	routes := []uuid.UUID{e.route(t, a, b), e.route(t, b, a)}
	ctx := context.Background()
	const hubRounds, routeRounds = 6, 30
	errs := make(chan error, 2*hubRounds+len(routes)*routeRounds) // room for every failure: a send never blocks
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range hubRounds {
			if err := e.deleteHub(b); err != nil {
				errs <- err
			}
			if err := e.restoreHub(b); err != nil {
				errs <- err
			}
		}
	}()
	var workers []chan struct{}
	for w, id := range routes {
		fin := make(chan struct{})
		workers = append(workers, fin)
		go func() {
			defer close(fin)
			for i := range routeRounds {
				mins := 20 + w*100 + i
				_, err := e.App.Routes.Update.Handle(ctx, command.UpdateRoute{Actor: e.Master, RouteID: id, DurationMinutes: &mins})
				if err != nil && !errors.Is(err, route.ErrDeleted) {
					errs <- err
				}
			}
		}()
	}
	<-done
	for _, fin := range workers {
		<-fin
	}
	close(errs)
	for err := range errs {
		var pe *pq.Error
		if errors.As(err, &pe) {
			t.Logf("detail: %s where: %s", pe.Detail, pe.Where)
		}
		t.Errorf("unexpected error: %v", err)
	}
	e.expect(t, "after the race", routes, nil)
}

// TestHubCascade_CreateRacingADeletionLeavesNoOrphan: a route created while one of its hubs is
// being deleted is either refused (422) or taken by the cascade: no live route ever ends at a
// deleted hub.
func TestHubCascade_CreateRacingADeletionLeavesNoOrphan(t *testing.T) {
	t.Parallel()
	e := newCascadeEnv(t)
	ctx := context.Background()
	a := e.hub(t, "출발 허브")
	for i := range 20 {
		b := e.hub(t, "도착 허브 "+string(rune('a'+i)))
		created := make(chan error, 1)
		go func() {
			_, err := e.App.Routes.Create.Handle(ctx, command.CreateRoute{
				Actor: e.Master, DepartureHubID: a, ArrivalHubID: b, Figures: route.Figures{DistanceKm: 3, DurationMinutes: 5},
			})
			created <- err
		}()
		if err := e.deleteHub(b); err != nil {
			t.Fatal(err)
		}
		if err := <-created; err != nil && !errors.Is(err, route.ErrArrivalHubNotFound) {
			t.Errorf("round %d: create: %v", i, err)
		}
	}
	var orphans int
	if err := e.DB.QueryRow(`SELECT count(*) FROM hub_routes r JOIN hubs h ON h.hub_id IN (r.departure_hub_id, r.arrival_hub_id)
		WHERE NOT r.is_deleted AND h.is_deleted`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("%d live routes end at a deleted hub (%v)", orphans, err)
	}
}
