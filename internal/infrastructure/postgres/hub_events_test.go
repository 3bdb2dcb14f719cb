package postgres_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

func TestHubEvents_EveryChangeWritesItsEvent(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	h := mustCreate(t, repo, details("이벤트 센터"), base)
	changed, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error { return h.Change(details("이벤트 허브"), master, base.Add(time.Minute)) })
	if err != nil {
		t.Fatal(err)
	}
	deleted := mustDelete(t, repo, h.ID())
	restored, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error { return h.Restore(master, base.Add(2*time.Hour)) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error { return nil }); err != nil { // no change, no event
		t.Fatal(err)
	}
	events, err := repo.Store().EventsAfter(ctx, 0, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		typ   hub.EventType
		state *hub.Hub
	}{{hub.Created, h}, {hub.Updated, changed}, {hub.Deleted, deleted}, {hub.Restored, restored}}
	if len(events) != len(want) {
		t.Fatalf("%d events: %+v", len(events), events)
	}
	for i, e := range events {
		w := want[i]
		if e.Type != string(w.typ) || e.AggregateType != "hub" || e.AggregateID != h.ID() || e.Version != int64(i+1) || e.Actor != master ||
			!sameJSON(t, e.State, query.HubStateOf(w.state.Snapshot())) || (i > 0 && e.Seq <= events[i-1].Seq) {
			t.Errorf("event %d: %+v\nwant %s with %+v", i, e, w.typ, w.state.Snapshot())
		}
	}
	if later, _ := repo.Store().EventsAfter(ctx, events[1].Seq, 1, ""); len(later) != 1 || later[0].Seq != events[2].Seq {
		t.Errorf("after/limit: %+v", later)
	}
}

// TestHubEvents_NoChangeWithoutEventNoEventWithoutChange makes the event insert itself fail (a
// trigger refuses it) and checks the change went with it; and a failed change leaves no event.
func TestHubEvents_NoChangeWithoutEventNoEventWithoutChange(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	mustExec(t, db, `CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.state->>'hubName' LIKE 'refused%' THEN RAISE EXCEPTION 'no event for you'; END IF; RETURN NEW; END $$`)
	mustExec(t, db, `CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event()`)

	h, _ := hub.New(details("refused hub"), master, base)
	if err := repo.Create(ctx, h); err == nil {
		t.Fatal("create succeeded although its event could not be stored")
	}
	if _, err := repo.FindByID(ctx, h.ID()); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("the hub was stored without its event: %v", err)
	}
	ok := mustCreate(t, repo, details("kept"), base)
	if _, err := repo.Update(ctx, ok.ID(), func(h *hub.Hub) error { return h.Change(details("refused rename"), master, base) }); err == nil {
		t.Fatal("update succeeded although its event could not be stored")
	}
	if got, _ := repo.FindByID(ctx, ok.ID()); got.Name() != "kept" || got.Version() != 1 {
		t.Errorf("the change was stored without its event: %q v%d", got.Name(), got.Version())
	}
	boom := errors.New("boom")
	if _, err := repo.Update(ctx, ok.ID(), func(h *hub.Hub) error {
		_ = h.Change(details("changed then failed"), master, base)
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	dup, _ := hub.New(details("KEPT"), master, base)
	if err := repo.Create(ctx, dup); !errors.Is(err, hub.ErrNameTaken) {
		t.Fatal(err)
	}
	events, _ := repo.Store().EventsAfter(ctx, 0, 100, "")
	if len(events) != 1 || events[0].AggregateID != ok.ID() || events[0].Type != string(hub.Created) {
		t.Errorf("events: %+v", events)
	}
}

// TestHubEvents_LateCommitIsNotSkipped provokes the race a plain bigserial outbox loses: writer A
// takes a seq, then commits late; writer B takes a later seq and commits first; a consumer that
// read B and moved past it must still get A. First the race itself, on plain SQL, to show the
// test sees it; then the same interleaving through the repository, which must not lose A.
//
// The interleaving is made, not hoped for: A's commit waits at a gate (an advisory lock the test
// holds) after its event insert, B starts only once A waits there, and the gate opens only once
// the consumer has read past B, or B is seen blocked by A. (With sleeps instead, a loaded
// machine ran B before A took its seq, or A's commit before B's, and the race was not provoked.)
func TestHubEvents_LateCommitIsNotSkipped(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	// A commit held after its event insert, for hubs named "slow…", while the test holds the gate.
	mustExec(t, db, `CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.state->>'hubName' LIKE 'slow%' THEN PERFORM pg_advisory_xact_lock_shared(`+gateKey+`); END IF; RETURN NEW; END $$`)
	mustExec(t, db, `CREATE TRIGGER slow_commit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION slow_commit()`)

	// The race, without the repository's ordering of writers.
	naive := func(name string) error {
		_, err := db.Exec(`INSERT INTO events (event_id, aggregate_type, aggregate_id, type, version, actor, occurred_at, state)
			VALUES (gen_random_uuid(), 'hub', gen_random_uuid(), 'hub.created', 1, $1, now(), json_build_object('hubName', $2::text))`, master, name)
		return err
	}
	seen := lateCommit(t, db, repo.Store(), 0, func() error { return naive("slow naive") }, func() error { return naive("fast naive") })
	if len(seen) != 1 {
		t.Fatalf("the naive outbox lost nothing (%d events seen): the test does not provoke the race", len(seen))
	}
	mustExec(t, db, "DELETE FROM events")

	// The same interleaving through the repository.
	slow := mustCreate(t, repo, details("slow hub"), base) // its event passes the open gate
	after := lastSeq(t, db)
	seen = lateCommit(t, db, repo.Store(), after, func() error {
		_, err := repo.Update(ctx, slow.ID(), func(h *hub.Hub) error { return h.Change(details("slow hub 2"), master, base) })
		return err
	}, func() error {
		h, err := hub.New(details("fast hub"), master, base)
		if err == nil {
			err = repo.Create(ctx, h)
		}
		return err
	})
	var all []int64
	if err := db.Select(&all, "SELECT seq FROM events WHERE seq > $1 ORDER BY seq", after); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, all) || len(all) != 2 {
		t.Errorf("consumer saw %v, the log holds %v", seen, all)
	}
}

// gateKey is the advisory lock of lateCommit's gate, which the slow_commit trigger waits on.
const gateKey = "4242"

// lateCommit runs slow (whose commit the slow_commit trigger holds at the gate) and fast while a
// consumer follows the log from after, in the order of the race: fast starts once slow has its
// seq and waits at the gate; the gate opens once the consumer has read fast's event, or once fast
// waits for a lock slow holds (the writers are ordered). It returns the seqs the consumer saw.
func lateCommit(t *testing.T, db *sqlx.DB, log feed.Log, after int64, slow, fast func() error) []int64 {
	t.Helper()
	gate, err := db.Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = gate.Close() }()
	if _, err := gate.ExecContext(ctx, "SELECT pg_advisory_lock("+gateKey+")"); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	seen := followWhileFrom(t, log, after, func(consumed func() int64) {
		slowErr, fastErr := make(chan error, 1), make(chan error, 1)
		go func() { slowErr <- slow() }()
		// Slow waits at the gate, its event inserted.
		var slowPID int
		waitErr = waitFor("the slow writer at the gate", func() (bool, error) {
			select {
			case err := <-slowErr:
				slowErr <- err
				return false, fmt.Errorf("the slow writer ended before the gate (%v)", err)
			default:
			}
			err := db.Get(&slowPID, `SELECT coalesce(min(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
				AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = 0 AND objid = `+gateKey+` AND objsubid = 1`)
			return slowPID != 0, err
		})
		if waitErr == nil {
			go func() { fastErr <- fast() }()
			var fastDone bool
			waitErr = waitFor("the fast writer committed and read, or blocked by the slow one", func() (bool, error) {
				if !fastDone {
					select {
					case err := <-fastErr:
						fastErr <- err
						fastDone = true
					default:
						var blocked bool
						err := db.Get(&blocked, `SELECT EXISTS (SELECT FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid)))`, slowPID)
						return blocked, err
					}
				}
				var head int64 // fast's event: slow's is not committed
				err := db.Get(&head, "SELECT coalesce(max(seq), 0) FROM events")
				return consumed() >= head, err
			})
		}
		if _, err := gate.ExecContext(ctx, "SELECT pg_advisory_unlock("+gateKey+")"); err != nil && waitErr == nil {
			waitErr = err
		}
		if err := <-slowErr; err != nil {
			t.Errorf("slow writer: %v", err)
		}
		if waitErr == nil {
			if err := <-fastErr; err != nil {
				t.Errorf("fast writer: %v", err)
			}
		}
	})
	if waitErr != nil {
		t.Fatal(waitErr)
	}
	return seen
}

// waitFor polls cond until it holds: the bound is only against a hang, however loaded the machine.
func waitFor(what string, cond func() (bool, error)) error {
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(2 * time.Millisecond) {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errors.New("waited a minute for " + what)
		}
	}
}

// TestHubEvents_ConcurrentWritersConsumerSeesEachOnce: many writers with randomly delayed commits
// while a consumer follows the log; at the end it has every event exactly once, in seq order.
func TestHubEvents_ConcurrentWritersConsumerSeesEachOnce(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	mustExec(t, db, `CREATE FUNCTION jitter() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_sleep(random() * 0.01); RETURN NEW; END $$`)
	mustExec(t, db, `CREATE TRIGGER jitter AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION jitter()`)
	const writers, changes = 8, 8
	seen := followWhile(t, repo.Store(), func() {
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := mustCreate(t, repo, details("writer "+string(rune('A'+w))), base)
				for i := range changes - 1 {
					_, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error {
						d := h.Details()
						d.Address.Address2 = string(rune('a' + i))
						return h.Change(d, master, base)
					})
					if err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
	})
	var all []int64
	if err := db.Select(&all, "SELECT seq FROM events ORDER BY seq"); err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*changes || !reflect.DeepEqual(seen, all) {
		t.Errorf("consumer saw %d events %v, the log holds %d %v", len(seen), seen, len(all), all)
	}
}

// followWhile polls the log like a consumer (seq > last, small batches) while work runs, then
// drains it, and returns the seqs it saw in the order it saw them.
func followWhile(t *testing.T, repo feed.Log, work func()) []int64 {
	return followWhileFrom(t, repo, 0, func(func() int64) { work() })
}

// followWhileFrom follows from after; work may ask how far the consumer has read.
func followWhileFrom(t *testing.T, repo feed.Log, after int64, work func(consumed func() int64)) []int64 {
	t.Helper()
	done := make(chan struct{})
	var consumed atomic.Int64
	consumed.Store(after)
	go func() { work(consumed.Load); close(done) }()
	var seen []int64
	poll := func() {
		events, err := repo.EventsAfter(ctx, after, 3, "")
		if err != nil {
			t.Error(err)
			return
		}
		for _, e := range events {
			seen, after = append(seen, e.Seq), e.Seq
		}
		consumed.Store(after)
	}
	for {
		select {
		case <-done:
			for range 100 {
				poll()
			}
			return seen
		case <-time.After(5 * time.Millisecond):
			poll()
		}
	}
}

// sameJSON says whether the stored state is want's JSON.
func sameJSON(t *testing.T, state json.RawMessage, want any) bool {
	t.Helper()
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(state, &a); err != nil {
		t.Fatalf("state %s: %v", state, err)
	}
	_ = json.Unmarshal(wantJSON, &b)
	return reflect.DeepEqual(a, b)
}

func lastSeq(t *testing.T, db *sqlx.DB) int64 {
	var n int64
	if err := db.Get(&n, "SELECT coalesce(max(seq), 0) FROM events"); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustExec(t *testing.T, db *sqlx.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}
