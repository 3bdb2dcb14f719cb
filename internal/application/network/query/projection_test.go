package query_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/network"
)

// TestProjection_FollowsTheFeed: loaded from the database, the projection answers the contract's
// 서울 → 부산; then routes' and hubs' events written to the feed change the answer as the issue
// says (a route deleted, a hub deleted: NO_PATH, the hub and its routes restored), each event
// applied once and in seq order, the projection's seq the feed's head; events of other
// aggregates move the seq and nothing else; and a projection loaded afresh from the database
// holds the same graph as the one that followed the feed.
func TestProjection_FollowsTheFeed(t *testing.T) {
	t.Parallel()
	k := newKorea(t)
	p := k.projection(t, query.Options{})
	if s := p.Stats(); s.Seq != k.feedHead(t) || s.Seq != 17+36 || s.Rebuilds != 1 || s.Applied != 0 ||
		s.Hubs != 17 || s.Routes != 36 || s.GraphBytes < 36*64 {
		t.Fatalf("loaded: %+v, feed head %d", s, k.feedHead(t))
	}
	k.wantPath(t, ctx, p, 416.4, 350, viaDaegu...)

	apptest.PutRoute(ctx, t, k.store, k.route(t, "경기 남부 센터", "대구광역시 센터", true))
	k.wantPath(t, ctx, p, 416.4, 350, viaDaegu...) // not applied yet: the projection follows no feed here
	if err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	k.wantPath(t, ctx, p, 456.7, 405, viaGyeongbuk...)

	daegu := k.hubs["대구광역시 센터"]
	if _, err := k.env.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: k.env.Master, ID: daegu}); err != nil {
		t.Fatal(err)
	}
	// Another aggregate's events in between: they move the position, not the graph.
	if _, err := k.env.DB.Exec(`INSERT INTO events (event_id, aggregate_type, aggregate_id, type, version, actor, occurred_at, state)
		SELECT gen_random_uuid(), 'shipper', gen_random_uuid(), 'shipper.created', 1, gen_random_uuid(), now(), '{"shipperId":"x"}'
		FROM generate_series(1, 3)`); err != nil {
		t.Fatal(err)
	}
	if err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.path(t, ctx, p, "서울특별시 센터", "부산광역시 센터"); !errorsIs(err, network.ErrNoPath) {
		t.Errorf("부산 with 대구 deleted: %v, want NO_PATH", err)
	}
	if _, _, err := k.path(t, ctx, p, "서울특별시 센터", "대구광역시 센터"); !errorsIs(err, hub.ErrNotFound) {
		t.Errorf("to the deleted 대구: %v, want HUB_NOT_FOUND", err)
	}

	// Restored: the hub comes back with the routes its deletion removed (the cascade), each by its
	// own event after the hub's; the route deleted on its own (경기 남부→대구) stays deleted.
	if _, err := k.env.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: k.env.Master, ID: daegu}); err != nil {
		t.Fatal(err)
	}
	if err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.path(t, ctx, p, "서울특별시 센터", "대구광역시 센터"); err != nil {
		t.Errorf("to 대구 restored with its routes: %v, want a path", err)
	}
	for pair := range k.routes {
		if pair != [2]string{"경기 남부 센터", "대구광역시 센터"} && (pair[0] == "대구광역시 센터" || pair[1] == "대구광역시 센터") {
			apptest.PutRoute(ctx, t, k.store, k.route(t, pair[0], pair[1], false))
		}
	}
	if err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	k.wantPath(t, ctx, p, 456.7, 405, viaGyeongbuk...)

	// Applied once each, in order, up to the head; a catch-up at the head applies nothing.
	head := k.feedHead(t)
	var after int64
	if err := k.env.DB.Get(&after, `SELECT count(*) FROM events WHERE seq > $1`, 17+36); err != nil {
		t.Fatal(err)
	}
	s := p.Stats()
	if s.Seq != head || s.Applied != after || s.Rebuilds != 1 || s.Hubs != 17 || s.Routes != 35 || s.GraphBytes < 35*64 {
		t.Errorf("after the feed: %+v; want seq %d, %d applied, no rebuild, 17 hubs, 35 routes", s, head, after)
	}
	if err := p.CatchUp(ctx); err != nil || p.Stats() != s {
		t.Errorf("a catch-up at the head: %+v, %v", p.Stats(), err)
	}
	fresh := k.projection(t, query.Options{})
	if fs := fresh.Stats(); fs.Seq != head || fs.Hubs != s.Hubs || fs.Routes != s.Routes {
		t.Errorf("a fresh load: %+v, the head is %d, the followed graph %+v", fs, head, s)
	}
	followed, loaded := matrixOf(t, p), matrixOf(t, fresh)
	if !slices.Equal(followed.Hubs, loaded.Hubs) || len(followed.Hubs) != 17 || !sameCells(followed, loaded) {
		t.Errorf("the followed graph and a fresh load differ")
	}
}

func errorsIs(err, target error) bool { return err != nil && target != nil && errors.Is(err, target) }

func matrixOf(t *testing.T, p *query.Projection) network.Matrix {
	t.Helper()
	m, err := p.Matrix(ctx, query.GetMatrix{Actor: reader, By: network.ByDuration})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameCells(a, b network.Matrix) bool {
	for i := range a.Hubs {
		for j := range a.Hubs {
			x, y := a.DurationMinutes[i][j], b.DurationMinutes[i][j]
			if (x == nil) != (y == nil) || x != nil && *x != *y {
				return false
			}
		}
	}
	return true
}

// TestProjection_StartFollowsByWakeAndPoll: a started projection applies a new route when its
// Waker rings, and, with no wake-up at all, by its poll; the two, like two hubd instances on one
// database, end up with the same graph.
func TestProjection_StartFollowsByWakeAndPoll(t *testing.T) {
	t.Parallel()
	k := newKorea(t)
	waker := &chanWaker{c: make(chan struct{}, 1)}
	woken := k.projection(t, query.Options{Waker: waker})
	if err := woken.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(woken.Close)
	polled := k.projection(t, query.Options{PollEvery: 20 * time.Millisecond})
	if err := polled.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(polled.Close)

	shortcut := apptest.Route{ID: uuid.New(), From: k.hubs["서울특별시 센터"], To: k.hubs["부산광역시 센터"], DistanceKm: 400, DurationMinutes: 330}
	apptest.PutRoute(ctx, t, k.store, shortcut)
	head := k.feedHead(t)
	waker.c <- struct{}{}
	for _, p := range []*query.Projection{woken, polled} {
		deadline := time.Now().Add(5 * time.Second)
		for p.Stats().Seq < head && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		k.wantPath(t, ctx, p, 400, 330, "서울특별시 센터", "부산광역시 센터")
	}
	// Two instances on one database converge: the same seq, the same matrix.
	if a, b := matrixOf(t, woken), matrixOf(t, polled); woken.Stats().Seq != polled.Stats().Seq || !slices.Equal(a.Hubs, b.Hubs) || !sameCells(a, b) {
		t.Errorf("the two projections differ: seq %d and %d", woken.Stats().Seq, polled.Stats().Seq)
	}
}

type chanWaker struct{ c chan struct{} }

func (w *chanWaker) Subscribe() (<-chan struct{}, func()) { return w.c, func() {} }

// TestProjection_AtomicSwap: while the follower applies a stream of changes (a shortcut route
// created, deleted, restored; 대구 deleted and restored), concurrent readers only ever see one of
// the states an event leaves, never a mix: a reader's answer is always one of the four the
// network can be in. Run with -race, it also shows readers need no lock.
func TestProjection_AtomicSwap(t *testing.T) {
	t.Parallel()
	k := newKorea(t)
	p := k.projection(t, query.Options{PollEvery: time.Millisecond})
	if err := p.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	seoul, busan, daegu := k.hubs["서울특별시 센터"], k.hubs["부산광역시 센터"], k.hubs["대구광역시 센터"]
	var stop atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				got, err := p.Path(ctx, query.FindPath{Actor: reader, From: seoul, To: busan, By: network.ByDistance})
				reads.Add(1)
				switch {
				case err == nil && len(got.Legs) == 1 && got.TotalDistanceKm == 400: // the shortcut
				case err == nil && len(got.Legs) == 3 && got.TotalDistanceKm == 416.4: // via 대구
				case errorsIs(err, network.ErrNoPath): // 대구 deleted, no shortcut
				default:
					t.Errorf("a reader saw %v km over %d legs, %v", got.TotalDistanceKm, len(got.Legs), err)
					return
				}
				if m, err := p.Matrix(ctx, query.GetMatrix{Actor: reader, By: network.ByDistance}); err != nil || len(m.Hubs) != len(m.DistanceKm) {
					t.Errorf("matrix: %v", err)
					return
				}
			}
		})
	}
	shortcut := apptest.Route{ID: uuid.New(), From: seoul, To: busan, DistanceKm: 400, DurationMinutes: 330}
	for i := range 20 {
		shortcut.Deleted = i%2 == 1
		apptest.PutRoute(ctx, t, k.store, shortcut)
		if i%5 == 0 {
			if _, err := k.env.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: k.env.Master, ID: daegu}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond)
			if _, err := k.env.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: k.env.Master, ID: daegu}); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	head := k.feedHead(t)
	for deadline := time.Now().Add(5 * time.Second); p.Stats().Seq < head && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if s := p.Stats(); s.Seq != head || reads.Load() < 10 || s.Rebuilds != 1 {
		t.Errorf("stats %+v after %d reads; want seq %d, no rebuild", s, reads.Load(), head)
	}
}

// TestProjection_ReadYourWrites: a change's token carries its feed seq; a request with it sees
// the change on a projection that has not applied it: by waiting for the follower (which the
// request prompts, with no wake-up from the database), or, with no follower at all, from a graph
// rebuilt from the primary once ReadWait has passed. A token of the older form (a WAL position
// only) is served the primary's head; a mangled one is refused.
func TestProjection_ReadYourWrites(t *testing.T) {
	t.Parallel()
	k := newKorea(t)
	lagging := k.projection(t, query.Options{ReadWait: 100 * time.Millisecond}) // loaded, never follows
	waiting := k.projection(t, query.Options{})                                 // follows, but is never woken nor polls
	if err := waiting.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(waiting.Close)

	wctx, rec := consistency.WithRecorder(ctx)
	shortcut := apptest.Route{ID: uuid.New(), From: k.hubs["서울특별시 센터"], To: k.hubs["부산광역시 센터"], DistanceKm: 400, DurationMinutes: 330}
	apptest.PutRoute(wctx, t, k.store, shortcut)
	tok := rec.Token()
	pos, seq, err := tok.Split()
	if err != nil || seq != k.feedHead(t) || pos == "" {
		t.Fatalf("token %q: seq %d (head %d), %v", tok, seq, k.feedHead(t), err)
	}
	withToken := consistency.WithMinimum(ctx, tok)

	k.wantPath(t, ctx, lagging, 416.4, 350, viaDaegu...) // no token: the projection's state, behind
	start := time.Now()
	k.wantPath(t, withToken, lagging, 400, 330, "서울특별시 센터", "부산광역시 센터")
	if s := lagging.Stats(); s.Rebuilds != 2 || s.Seq != seq || time.Since(start) < 100*time.Millisecond {
		t.Errorf("lagging: %+v after %s; want a rebuild after ReadWait, installed at seq %d", s, time.Since(start), seq)
	}

	k.wantPath(t, ctx, waiting, 416.4, 350, viaDaegu...)
	k.wantPath(t, withToken, waiting, 400, 330, "서울특별시 센터", "부산광역시 센터")
	if s := waiting.Stats(); s.Rebuilds != 1 || s.Applied != 1 || s.Seq != seq {
		t.Errorf("waiting: %+v; want the event applied by the follower, no rebuild", s)
	}

	// The older form: a WAL position only. It asks for the primary's head at the request.
	shortcut.Deleted = true
	apptest.PutRoute(ctx, t, k.store, shortcut)
	k.wantPath(t, consistency.WithMinimum(ctx, consistency.Token(pos)), waiting, 416.4, 350, viaDaegu...)

	for _, bad := range []consistency.Token{"not-a-token", consistency.Token(pos + "@x"), "0/1@0"} {
		if _, _, err := k.path(t, consistency.WithMinimum(ctx, bad), waiting, "서울특별시 센터", "부산광역시 센터"); !errorsIs(err, consistency.ErrInvalidToken) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

// TestProjection_Refusals: CUSTOMER may not ask; the matrix above MaxMatrixHubs live hubs, and
// a row of it above MaxRowHubs, are refused, not computed; from = to is the path of no legs.
func TestProjection_Refusals(t *testing.T) {
	t.Parallel()
	k := newKorea(t)
	p := k.projection(t, query.Options{MaxMatrixHubs: 16, MaxRowHubs: 16})
	customer := apptest.Actor(access.Customer)
	seoul := k.hubs["서울특별시 센터"]
	if _, err := p.Path(ctx, query.FindPath{Actor: customer, From: seoul, To: seoul}); !errorsIs(err, access.ErrForbidden) {
		t.Errorf("CUSTOMER path: %v", err)
	}
	if _, err := p.Matrix(ctx, query.GetMatrix{Actor: customer}); !errorsIs(err, access.ErrForbidden) {
		t.Errorf("CUSTOMER matrix: %v", err)
	}
	if _, err := p.Matrix(ctx, query.GetMatrix{Actor: reader}); !errorsIs(err, query.ErrMatrixTooLarge) {
		t.Errorf("17 hubs over a cap of 16: %v", err)
	}
	if _, err := p.Matrix(ctx, query.GetMatrix{Actor: reader, From: &seoul}); !errorsIs(err, query.ErrMatrixTooLarge) ||
		!strings.Contains(err.Error(), "a row of the matrix") {
		t.Errorf("a row of 17 hubs over a row cap of 16: %v", err)
	}
	if row, err := k.projection(t, query.Options{MaxMatrixHubs: 16}).Matrix(ctx, query.GetMatrix{Actor: reader, From: &seoul}); err != nil || len(row.DistanceKm) != 1 {
		t.Errorf("a row under the row cap, over the matrix cap: %v", err)
	}
	got, err := p.Path(ctx, query.FindPath{Actor: reader, From: seoul, To: seoul})
	if err != nil || len(got.Legs) != 0 || len(got.Hubs) != 1 || got.TotalDistanceKm != 0 || got.TotalDurationMinutes != 0 {
		t.Errorf("from = to: %+v, %v", got, err)
	}
	if _, err := p.Path(ctx, query.FindPath{Actor: reader, From: seoul, To: uuid.New()}); !errorsIs(err, hub.ErrNotFound) {
		t.Errorf("an unknown hub: %v", err)
	}
}
