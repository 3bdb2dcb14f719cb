package command_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
)

// versioned is a command that honours If-Match.
type versioned struct {
	name    string
	deleted bool // acts on a deleted hub
	act     func(e *env, id uuid.UUID, ifVersion int64) (*hub.Hub, error)
}

var versionedCommands = []versioned{
	{name: "put", act: func(e *env, id uuid.UUID, v int64) (*hub.Hub, error) {
		return e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: e.master, HubID: id, Details: details("바뀐 이름", nil), IfVersion: v})
	}},
	{name: "patch", act: func(e *env, id uuid.UUID, v int64) (*hub.Hub, error) {
		return e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: id, Patch: command.HubPatch{Name: ptr("바뀐 이름")}, IfVersion: v})
	}},
	{name: "delete", act: func(e *env, id uuid.UUID, v int64) (*hub.Hub, error) {
		return e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: id, IfVersion: v})
	}},
	{name: "restore", deleted: true, act: func(e *env, id uuid.UUID, v int64) (*hub.Hub, error) {
		return e.app.Commands.RestoreHub.Handle(ctx, command.RestoreHub{Actor: e.master, HubID: id, IfVersion: v})
	}},
}

// TestIfMatch: an If-Match equal to the stored version applies, any other is
// hub.ErrVersionMismatch and changes nothing, and 0 applies to whatever is latest.
func TestIfMatch(t *testing.T) {
	t.Parallel()
	for _, c := range versionedCommands {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			// A hub at version 3 (or 4, deleted): two changes first, so a stale version is real.
			h := e.create(t, details("원래 이름", nil))
			for _, n := range []string{"둘째 이름", "셋째 이름"} {
				if _, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: h.ID(), Patch: command.HubPatch{Name: ptr(n)}}); err != nil {
					t.Fatal(err)
				}
			}
			if c.deleted {
				if _, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: h.ID()}); err != nil {
					t.Fatal(err)
				}
			}
			before := e.load(t, h.ID())
			for _, v := range []int64{1, before.Version - 1, before.Version + 1, -before.Version} {
				e.clock.Advance(time.Second)
				got, err := c.act(e, h.ID(), v)
				wantErr(t, err, hub.ErrVersionMismatch)
				if got != nil {
					t.Errorf("If-Match %d: returned a hub on mismatch", v)
				}
				e.unchanged(t, before)
			}
			e.clock.Advance(time.Second)
			got, err := c.act(e, h.ID(), before.Version)
			wantErr(t, err, nil)
			if got.Version() != before.Version+1 || e.load(t, h.ID()).Version != before.Version+1 {
				t.Fatalf("If-Match equal: version %d, want %d", got.Version(), before.Version+1)
			}
		})
		t.Run(c.name+" without If-Match", func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			h := e.create(t, details("원래 이름", nil))
			for _, n := range []string{"둘째 이름", "셋째 이름"} {
				if _, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: h.ID(), Patch: command.HubPatch{Name: ptr(n)}}); err != nil {
					t.Fatal(err)
				}
			}
			if c.deleted {
				if _, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: h.ID()}); err != nil {
					t.Fatal(err)
				}
			}
			before := e.load(t, h.ID())
			got, err := c.act(e, h.ID(), 0)
			wantErr(t, err, nil)
			after := e.load(t, h.ID())
			if after.Version != before.Version+1 || got.Version() != after.Version {
				t.Fatalf("If-Match 0: stored version %d, returned %d, want %d", after.Version, got.Version(), before.Version+1)
			}
		})
	}
}

// TestIfMatchHidesDeletedHubsFromManagers: to a HUB_MANAGER a deleted hub does not exist, even
// the one it manages and even with a stale If-Match: hub.ErrNotFound, never a version mismatch
// that would reveal it.
func TestIfMatchHidesDeletedHubsFromManagers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgr := actor(access.HubManager)
	h := e.createDeleted(t, details("지워진 허브", ptr(mgr.ID)))
	before := e.load(t, h.ID())
	for _, v := range []int64{0, 1, before.Version, before.Version + 1} {
		_, err := e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: mgr, HubID: h.ID(), Details: details("새 이름", ptr(mgr.ID)), IfVersion: v})
		wantErr(t, err, hub.ErrNotFound)
		_, err = e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: mgr, HubID: h.ID(), Patch: command.HubPatch{Name: ptr("새 이름")}, IfVersion: v})
		wantErr(t, err, hub.ErrNotFound)
		e.unchanged(t, before)
	}
	// An unknown hub is not found whatever the version.
	_, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: mgr, HubID: uuid.New(), Patch: command.HubPatch{Name: ptr("x")}, IfVersion: 7})
	wantErr(t, err, hub.ErrNotFound)
}

// TestIfMatchRace: of 20 concurrent changes that all expect version 1, exactly one applies and
// the others are hub.ErrVersionMismatch; the stored hub is the winner's.
func TestIfMatchRace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.create(t, details("경쟁 허브", nil))
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{
				Actor: e.master, HubID: h.ID(), IfVersion: 1,
				Patch: command.HubPatch{Name: ptr(fmt.Sprintf("경쟁 허브 %02d", i))},
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
			wantErr(t, err, hub.ErrVersionMismatch)
		}
	}
	if winner < 0 {
		t.Fatal("no patch applied")
	}
	s := e.load(t, h.ID())
	if s.Version != 2 || s.Details.Name != fmt.Sprintf("경쟁 허브 %02d", winner) {
		t.Fatalf("stored version %d name %q, want 2 and the winner %d's name", s.Version, s.Details.Name, winner)
	}
}
