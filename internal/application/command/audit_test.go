package command_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestAuditTrail walks one hub through its whole life with different actors and clock readings:
// every step records its actor and time, bumps the version by one, and leaves createdAt/createdBy
// alone; restore clears deletedAt/deletedBy.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	creator, editor, deleter, restorer := actor(access.Master), actor(access.Master), actor(access.Master), actor(access.Master)
	manager := actor(access.HubManager)

	created, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: creator, Details: details("  감사 허브  ", ptr(manager.ID))})
	wantErr(t, err, nil)
	t0 := stored(start)
	want := hub.Snapshot{
		ID: created.ID(), Details: details("감사 허브", ptr(manager.ID)), Version: 1,
		CreatedAt: t0, CreatedBy: creator.ID, UpdatedAt: t0, UpdatedBy: creator.ID,
	}
	check := func(step string, returned *hub.Hub) {
		t.Helper()
		got := e.load(t, created.ID())
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s, stored:\n got  %+v\n want %+v", step, got, want)
		}
		if !reflect.DeepEqual(returned.Snapshot(), want) {
			t.Fatalf("after %s, returned:\n got  %+v\n want %+v", step, returned.Snapshot(), want)
		}
		if got.CreatedAt.Location() != time.UTC || got.UpdatedAt.Location() != time.UTC {
			t.Fatalf("after %s, times are not UTC: %v %v", step, got.CreatedAt, got.UpdatedAt)
		}
	}
	check("create", created)

	// PUT by another master.
	t1 := e.clock.Advance(time.Hour + 7*time.Nanosecond)
	d := details("감사 허브 2", ptr(manager.ID))
	updated, err := e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: editor, HubID: created.ID(), Details: d})
	wantErr(t, err, nil)
	want.Details, want.Version, want.UpdatedAt, want.UpdatedBy = d, 2, stored(t1), editor.ID
	check("put", updated)

	// PATCH by the hub's manager.
	t2 := e.clock.Advance(time.Hour)
	patched, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{
		Actor: manager, HubID: created.ID(),
		Patch: command.HubPatch{Address: &command.AddressPatch{Address2: ptr("4층")}},
	})
	wantErr(t, err, nil)
	want.Details.Address.Address2, want.Version, want.UpdatedAt, want.UpdatedBy = "4층", 3, stored(t2), manager.ID
	check("patch by the manager", patched)

	// A change that changes nothing is no change: no version, no audit.
	e.clock.Advance(time.Hour)
	same, err := e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: creator, HubID: created.ID(), Details: want.Details})
	wantErr(t, err, nil)
	check("a PUT of the same details", same)
	noop, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: creator, HubID: created.ID()})
	wantErr(t, err, nil)
	check("an empty patch", noop)

	// DELETE.
	t3 := e.clock.Advance(time.Hour)
	deleted, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: deleter, HubID: created.ID()})
	wantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = true, 4, stored(t3), deleter.ID
	want.DeletedAt, want.DeletedBy = ptr(stored(t3)), ptr(deleter.ID)
	check("delete", deleted)

	// RESTORE.
	t4 := e.clock.Advance(time.Hour)
	restored, err := e.app.Commands.RestoreHub.Handle(ctx, command.RestoreHub{Actor: restorer, HubID: created.ID()})
	wantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = false, 5, stored(t4), restorer.ID
	want.DeletedAt, want.DeletedBy = nil, nil
	check("restore", restored)

	// And once more round, to see the second deletion record its own actor and time.
	t5 := e.clock.Advance(time.Hour)
	deleted, err = e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: editor, HubID: created.ID()})
	wantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = true, 6, stored(t5), editor.ID
	want.DeletedAt, want.DeletedBy = ptr(stored(t5)), ptr(editor.ID)
	check("second delete", deleted)
}

// TestCreateRecordsActorAndClock: a new hub starts at version 1 with the caller and the clock's
// time in both created and updated fields, and an id of its own.
func TestCreateRecordsActorAndClock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2030, 1, 2, 3, 4, 5, 999999999, time.FixedZone("PST", -8*60*60))
	e.clock.Advance(at.Sub(e.clock.Now()))
	a, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: details("하나", nil)})
	wantErr(t, err, nil)
	b, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: details("둘", nil)})
	wantErr(t, err, nil)
	if a.ID() == b.ID() || a.ID() == uuid.Nil {
		t.Fatalf("ids: %s %s", a.ID(), b.ID())
	}
	s := e.load(t, a.ID())
	wantAt := time.Date(2030, 1, 2, 11, 4, 5, 999999000, time.UTC)
	if s.Version != 1 || s.Deleted || s.DeletedAt != nil || s.DeletedBy != nil ||
		!s.CreatedAt.Equal(wantAt) || !s.UpdatedAt.Equal(wantAt) || s.CreatedAt.Location() != time.UTC ||
		s.CreatedBy != e.master.ID || s.UpdatedBy != e.master.ID {
		t.Fatalf("stored %+v, want version 1, live, at %v by %s", s, wantAt, e.master.ID)
	}
}
