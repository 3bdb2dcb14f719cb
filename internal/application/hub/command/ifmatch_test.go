package command_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// ifMatchAct is a command that honours If-Match, done by MASTER on the hub id.
type ifMatchAct func(e *apptest.Env, id uuid.UUID, ifVersion int64) (query.HubView, error)

func putHub(e *apptest.Env, id uuid.UUID, v int64) (query.HubView, error) {
	return e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: e.Master, HubID: id, Details: apptest.Details("바뀐 이름", nil), IfVersion: v})
}

func patchHub(e *apptest.Env, id uuid.UUID, v int64) (query.HubView, error) {
	return e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: id, Patch: command.HubPatch{Name: apptest.Ptr("바뀐 이름")}, IfVersion: v})
}

func deleteHub(e *apptest.Env, id uuid.UUID, v int64) (query.HubView, error) {
	return e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: e.Master, ID: id, IfVersion: v})
}

func restoreHub(e *apptest.Env, id uuid.UUID, v int64) (query.HubView, error) {
	return e.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: e.Master, ID: id, IfVersion: v})
}

// versioned is a command that honours If-Match.
type versioned struct {
	name    string
	deleted bool // acts on a deleted hub
	act     ifMatchAct
}

var versionedCommands = []versioned{
	{name: "put", act: putHub},
	{name: "patch", act: patchHub},
	{name: "delete", act: deleteHub},
	{name: "restore", deleted: true, act: restoreHub},
}

// aged stores a hub at version 3, changed twice first so that a stale version is real, and
// deletes it (version 4) when deleted is set; it returns the hub as stored.
func aged(t *testing.T, e *apptest.Env, deleted bool) hub.Snapshot {
	t.Helper()
	h := e.Create(t, apptest.Details("원래 이름", nil))
	for _, n := range []string{"둘째 이름", "셋째 이름"} {
		if _, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: h.ID(), Patch: command.HubPatch{Name: apptest.Ptr(n)}}); err != nil {
			t.Fatal(err)
		}
	}
	if deleted {
		if _, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: e.Master, ID: h.ID()}); err != nil {
			t.Fatal(err)
		}
	}
	return e.Load(t, h.ID())
}

// onAged runs check as a parallel subtest (c's name and suffix) on a fresh application holding a
// hub aged for c (aged).
func onAged(t *testing.T, c versioned, suffix string, check func(t *testing.T, e *apptest.Env, before hub.Snapshot)) {
	t.Run(c.name+suffix, func(t *testing.T) {
		t.Parallel()
		e := apptest.New(t)
		check(t, e, aged(t, e, c.deleted))
	})
}

// TestIfMatch: an If-Match equal to the stored version applies, any other is
// hub.ErrVersionMismatch and changes nothing, and 0 applies to whatever is latest.
func TestIfMatch(t *testing.T) {
	t.Parallel()
	for _, c := range versionedCommands {
		onAged(t, c, "", func(t *testing.T, e *apptest.Env, before hub.Snapshot) {
			for _, v := range []int64{1, before.Version - 1, before.Version + 1, -before.Version} {
				e.Clock.Advance(time.Second)
				got, err := c.act(e, before.ID, v)
				apptest.WantErr(t, err, hub.ErrVersionMismatch)
				if got != (query.HubView{}) {
					t.Errorf("If-Match %d: returned a hub on mismatch", v)
				}
				e.Unchanged(t, before)
			}
			e.Clock.Advance(time.Second)
			got, err := c.act(e, before.ID, before.Version)
			apptest.WantErr(t, err, nil)
			if got.Version != before.Version+1 || e.Load(t, before.ID).Version != before.Version+1 {
				t.Fatalf("If-Match equal: version %d, want %d", got.Version, before.Version+1)
			}
		})
		onAged(t, c, " without If-Match", func(t *testing.T, e *apptest.Env, before hub.Snapshot) {
			got, err := c.act(e, before.ID, 0)
			apptest.WantErr(t, err, nil)
			after := e.Load(t, before.ID)
			if after.Version != before.Version+1 || got.Version != after.Version {
				t.Fatalf("If-Match 0: stored version %d, returned %d, want %d", after.Version, got.Version, before.Version+1)
			}
		})
	}
}

// TestIfMatchHidesDeletedHubsFromManagers: to a HUB_MANAGER a deleted hub does not exist, even
// the one it manages and even with a stale If-Match: hub.ErrNotFound, never a version mismatch
// that would reveal it.
func TestIfMatchHidesDeletedHubsFromManagers(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := apptest.Actor(access.HubManager)
	h := e.CreateDeleted(t, apptest.Details("지워진 허브", apptest.Ptr(mgr.ID)))
	before := e.Load(t, h.ID())
	for _, v := range []int64{0, 1, before.Version, before.Version + 1} {
		_, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: mgr, HubID: h.ID(), Details: apptest.Details("새 이름", apptest.Ptr(mgr.ID)), IfVersion: v})
		apptest.WantErr(t, err, hub.ErrNotFound)
		_, err = e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: mgr, HubID: h.ID(), Patch: command.HubPatch{Name: apptest.Ptr("새 이름")}, IfVersion: v})
		apptest.WantErr(t, err, hub.ErrNotFound)
		e.Unchanged(t, before)
	}
	// An unknown hub is not found whatever the version.
	_, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: mgr, HubID: uuid.New(), Patch: command.HubPatch{Name: apptest.Ptr("x")}, IfVersion: 7})
	apptest.WantErr(t, err, hub.ErrNotFound)
}

// TestIfMatchRace: of 20 concurrent changes that all expect version 1, exactly one applies and
// the others are hub.ErrVersionMismatch; the stored hub is the winner's.
func TestIfMatchRace(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	h := e.Create(t, apptest.Details("경쟁 허브", nil))
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.App.Hubs.Update.Patch(ctx, command.PatchHub{
				Actor: e.Master, HubID: h.ID(), IfVersion: 1,
				Patch: command.HubPatch{Name: apptest.Ptr(fmt.Sprintf("경쟁 허브 %02d", i))},
			})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("patches %d and %d both applied at version 1", winner, i)
		case err == nil:
			winner = i
		default:
			apptest.WantErr(t, err, hub.ErrVersionMismatch)
		}
	}
	if winner < 0 {
		t.Fatal("no patch applied")
	}
	s := e.Load(t, h.ID())
	if s.Version != 2 || s.Details.Name != fmt.Sprintf("경쟁 허브 %02d", winner) {
		t.Fatalf("stored version %d name %q, want 2 and the winner %d's name", s.Version, s.Details.Name, winner)
	}
}
