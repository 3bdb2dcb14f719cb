package command_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/record"
)

// TestAuditTrail walks one hub through its whole life with different actors and clock readings:
// every step records its actor and time, bumps the version by one, and leaves createdAt/createdBy
// alone; restore clears deletedAt/deletedBy.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	creator, editor, deleter, restorer := apptest.Actor(access.Master), apptest.Actor(access.Master), apptest.Actor(access.Master), apptest.Actor(access.Master)
	manager := apptest.Actor(access.HubManager)

	created, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: creator, Details: apptest.Details("  감사 허브  ", apptest.Ptr(manager.ID))})
	apptest.WantErr(t, err, nil)
	t0 := apptest.Stored(apptest.Start)
	want := hub.Snapshot{
		ID: created.ID, Details: apptest.Details("감사 허브", apptest.Ptr(manager.ID)),
		Fields: record.Fields{Version: 1, CreatedAt: t0, CreatedBy: creator.ID, UpdatedAt: t0, UpdatedBy: creator.ID},
	}
	check := func(step string, returned query.HubView) {
		t.Helper()
		got := e.Load(t, created.ID)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s, stored:\n got  %+v\n want %+v", step, got, want)
		}
		stored, err := hub.UnmarshalFromDatabase(want)
		if err != nil {
			t.Fatal(err)
		}
		if wantView := query.ViewOf(stored); !reflect.DeepEqual(returned, wantView) {
			t.Fatalf("after %s, returned:\n got  %+v\n want %+v", step, returned, wantView)
		}
		if got.CreatedAt.Location() != time.UTC || got.UpdatedAt.Location() != time.UTC {
			t.Fatalf("after %s, times are not UTC: %v %v", step, got.CreatedAt, got.UpdatedAt)
		}
	}
	check("create", created)

	// PUT by another master.
	t1 := e.Clock.Advance(time.Hour + 7*time.Nanosecond)
	d := apptest.Details("감사 허브 2", apptest.Ptr(manager.ID))
	updated, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: editor, HubID: created.ID, Details: d})
	apptest.WantErr(t, err, nil)
	want.Details, want.Version, want.UpdatedAt, want.UpdatedBy = d, 2, apptest.Stored(t1), editor.ID
	check("put", updated)

	// PATCH by the hub's manager.
	t2 := e.Clock.Advance(time.Hour)
	patched, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{
		Actor: manager, HubID: created.ID,
		Patch: command.HubPatch{Address: &command.AddressPatch{Address2: apptest.Ptr("4층")}},
	})
	apptest.WantErr(t, err, nil)
	want.Details.Address.Address2, want.Version, want.UpdatedAt, want.UpdatedBy = "4층", 3, apptest.Stored(t2), manager.ID
	check("patch by the manager", patched)

	// A change that changes nothing is no change: no version, no audit.
	e.Clock.Advance(time.Hour)
	same, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: creator, HubID: created.ID, Details: want.Details})
	apptest.WantErr(t, err, nil)
	check("a PUT of the same details", same)
	noop, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: creator, HubID: created.ID})
	apptest.WantErr(t, err, nil)
	check("an empty patch", noop)

	// DELETE.
	t3 := e.Clock.Advance(time.Hour)
	deleted, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: deleter, ID: created.ID})
	apptest.WantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = true, 4, apptest.Stored(t3), deleter.ID
	want.DeletedAt, want.DeletedBy = apptest.Ptr(apptest.Stored(t3)), apptest.Ptr(deleter.ID)
	check("delete", deleted)

	// RESTORE.
	t4 := e.Clock.Advance(time.Hour)
	restored, err := e.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: restorer, ID: created.ID})
	apptest.WantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = false, 5, apptest.Stored(t4), restorer.ID
	want.DeletedAt, want.DeletedBy = nil, nil
	check("restore", restored)

	// And once more round, to see the second deletion record its own actor and time.
	t5 := e.Clock.Advance(time.Hour)
	deleted, err = e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: editor, ID: created.ID})
	apptest.WantErr(t, err, nil)
	want.Deleted, want.Version, want.UpdatedAt, want.UpdatedBy = true, 6, apptest.Stored(t5), editor.ID
	want.DeletedAt, want.DeletedBy = apptest.Ptr(apptest.Stored(t5)), apptest.Ptr(editor.ID)
	check("second delete", deleted)
}

// TestCreateRecordsActorAndClock: a new hub starts at version 1 with the caller and the clock's
// time in both created and updated fields, and an id of its own.
func TestCreateRecordsActorAndClock(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	at := time.Date(2030, 1, 2, 3, 4, 5, 999999999, time.FixedZone("PST", -8*60*60))
	e.Clock.Advance(at.Sub(e.Clock.Now()))
	a, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: apptest.Details("하나", nil)})
	apptest.WantErr(t, err, nil)
	b, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: apptest.Details("둘", nil)})
	apptest.WantErr(t, err, nil)
	if a.ID == b.ID || a.ID == uuid.Nil {
		t.Fatalf("ids: %s %s", a.ID, b.ID)
	}
	s := e.Load(t, a.ID)
	wantAt := time.Date(2030, 1, 2, 11, 4, 5, 999999000, time.UTC)
	if s.Version != 1 || s.Deleted || s.DeletedAt != nil || s.DeletedBy != nil ||
		!s.CreatedAt.Equal(wantAt) || !s.UpdatedAt.Equal(wantAt) || s.CreatedAt.Location() != time.UTC ||
		s.CreatedBy != e.Master.ID || s.UpdatedBy != e.Master.ID {
		t.Fatalf("stored %+v, want version 1, live, at %v by %s", s, wantAt, e.Master.ID)
	}
}
