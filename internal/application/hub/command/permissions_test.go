package command_test

import (
	"fmt"
	"reflect"
	"slices"
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

// managedBy says who manages the hub a case acts on, relative to the caller.
type managedBy int

const (
	byCaller  managedBy = iota // the hub's manager is the caller
	bySomeone                  // another user manages it
	byNobody                   // no manager
	noHub                      // the action creates the hub
)

func (m managedBy) of(caller access.Actor) *uuid.UUID {
	switch m {
	case byCaller:
		return apptest.Ptr(caller.ID)
	case bySomeone:
		return apptest.Ptr(uuid.New())
	default:
		return nil
	}
}

// commandCase is one column of the permission matrix for the changing actions.
type commandCase struct {
	name    string
	target  managedBy
	deleted bool // the target is soft-deleted first
	allowed []access.Role
	// act runs the command against target (nil for create) and returns the hub it reports.
	act func(e *apptest.Env, caller access.Actor, target *hub.Hub, name string) (query.HubView, error)
	// want is the stored hub after a successful act, computed from the hub before it; now is the
	// clock's reading during act.
	want func(caller access.Actor, before hub.Snapshot, now time.Time) hub.Snapshot
}

// changed is before with new details, one version on, and the caller and time in the audit fields.
func changed(before hub.Snapshot, d hub.Details, caller access.Actor, now time.Time) hub.Snapshot {
	before.Details = d
	before.Version++
	before.UpdatedAt, before.UpdatedBy = apptest.Stored(now), caller.ID
	return before
}

// put is a PUT case replacing the details with new ones whose manager newManager picks.
func put(name string, target managedBy, newManager func(caller access.Actor, current *uuid.UUID) *uuid.UUID, allowed ...access.Role) commandCase {
	next := func(caller access.Actor, before hub.Details) hub.Details {
		return hub.Details{
			Name:      before.Name + " 수정",
			ManagerID: newManager(caller, before.ManagerID),
			Address:   hub.Address{ZipCode: "48058", Address1: "부산광역시 해운대구 센텀중앙로 79", Address2: ""},
			Location:  nil,
		}
	}
	return commandCase{
		name: name, target: target, allowed: allowed,
		act: func(e *apptest.Env, caller access.Actor, target *hub.Hub, _ string) (query.HubView, error) {
			return e.App.Hubs.Update.Handle(ctx, command.UpdateHub{
				Actor: caller, HubID: target.ID(), Details: next(caller, target.Details()),
			})
		},
		want: func(caller access.Actor, before hub.Snapshot, now time.Time) hub.Snapshot {
			return changed(before, next(caller, before.Details), caller, now)
		},
	}
}

// patch is a PATCH case renaming the hub and, when manager is set, sending hubManagerId.
func patch(name string, target managedBy, manager func(caller access.Actor, current *uuid.UUID) (*uuid.UUID, bool), allowed ...access.Role) commandCase {
	build := func(caller access.Actor, before hub.Details) command.HubPatch {
		p := command.HubPatch{Name: apptest.Ptr(before.Name + " 패치")}
		if manager != nil {
			id, set := manager(caller, before.ManagerID)
			p.ManagerID = command.Optional[*uuid.UUID]{Set: set, Value: id}
		}
		return p
	}
	return commandCase{
		name: name, target: target, allowed: allowed,
		act: func(e *apptest.Env, caller access.Actor, target *hub.Hub, _ string) (query.HubView, error) {
			return e.App.Hubs.Update.Patch(ctx, command.PatchHub{
				Actor: caller, HubID: target.ID(), Patch: build(caller, target.Details()),
			})
		},
		want: func(caller access.Actor, before hub.Snapshot, now time.Time) hub.Snapshot {
			p := build(caller, before.Details)
			d := before.Details
			d.Name = *p.Name
			if p.ManagerID.Set {
				d.ManagerID = p.ManagerID.Value
			}
			return changed(before, d, caller, now)
		},
	}
}

// handedTo is the manager a hub is handed over to; want and act must agree on it.
var handedTo = uuid.MustParse("0193b2c4-0000-7000-8000-0000000000b0")

var (
	keepManager  = func(_ access.Actor, cur *uuid.UUID) *uuid.UUID { return cur }
	otherManager = func(access.Actor, *uuid.UUID) *uuid.UUID { return apptest.Ptr(handedTo) }
	noManager    = func(access.Actor, *uuid.UUID) *uuid.UUID { return nil }
	callerAsMgr  = func(c access.Actor, _ *uuid.UUID) *uuid.UUID { return apptest.Ptr(c.ID) }

	sendSame  = func(_ access.Actor, cur *uuid.UUID) (*uuid.UUID, bool) { return cur, true }
	sendOther = func(access.Actor, *uuid.UUID) (*uuid.UUID, bool) { return apptest.Ptr(handedTo), true }
	sendNull  = func(access.Actor, *uuid.UUID) (*uuid.UUID, bool) { return nil, true }
	sendMe    = func(c access.Actor, _ *uuid.UUID) (*uuid.UUID, bool) { return apptest.Ptr(c.ID), true }
)

var (
	masterOnly      = []access.Role{access.Master}
	masterOrManager = []access.Role{access.Master, access.HubManager}
)

var commandCases = []commandCase{
	{
		name: "create", target: noHub, allowed: masterOnly,
		act: func(e *apptest.Env, caller access.Actor, _ *hub.Hub, name string) (query.HubView, error) {
			return e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: caller, Details: apptest.Details(name, nil)})
		},
	},
	put("put own hub keeping the manager", byCaller, keepManager, masterOrManager...),
	put("put own hub handing it to another manager", byCaller, otherManager, masterOnly...),
	put("put own hub clearing the manager", byCaller, noManager, masterOnly...),
	put("put another's hub", bySomeone, keepManager, masterOnly...),
	put("put another's hub taking it over", bySomeone, callerAsMgr, masterOnly...),
	put("put unmanaged hub", byNobody, keepManager, masterOnly...),
	put("put unmanaged hub taking it over", byNobody, callerAsMgr, masterOnly...),
	patch("patch own hub name only", byCaller, nil, masterOrManager...),
	patch("patch own hub sending the same manager", byCaller, sendSame, masterOrManager...),
	patch("patch own hub handing it to another manager", byCaller, sendOther, masterOnly...),
	patch("patch own hub clearing the manager", byCaller, sendNull, masterOnly...),
	patch("patch another's hub", bySomeone, nil, masterOnly...),
	patch("patch another's hub taking it over", bySomeone, sendMe, masterOnly...),
	patch("patch unmanaged hub", byNobody, nil, masterOnly...),
	patch("patch unmanaged hub taking it over", byNobody, sendMe, masterOnly...),
	{
		name: "delete own hub", target: byCaller, allowed: masterOnly,
		act: func(e *apptest.Env, caller access.Actor, target *hub.Hub, _ string) (query.HubView, error) {
			return e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: caller, ID: target.ID()})
		},
		want: func(caller access.Actor, before hub.Snapshot, now time.Time) hub.Snapshot {
			before.Version++
			before.UpdatedAt, before.UpdatedBy = apptest.Stored(now), caller.ID
			before.Deleted, before.DeletedAt, before.DeletedBy = true, apptest.Ptr(apptest.Stored(now)), apptest.Ptr(caller.ID)
			return before
		},
	},
	{
		name: "restore own hub", target: byCaller, deleted: true, allowed: masterOnly,
		act: func(e *apptest.Env, caller access.Actor, target *hub.Hub, _ string) (query.HubView, error) {
			return e.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: caller, ID: target.ID()})
		},
		want: func(caller access.Actor, before hub.Snapshot, now time.Time) hub.Snapshot {
			before.Version++
			before.UpdatedAt, before.UpdatedBy = apptest.Stored(now), caller.ID
			before.Deleted, before.DeletedAt, before.DeletedBy = false, nil, nil
			return before
		},
	},
}

// TestPermissionMatrixCommands runs every changing action as every role. An allowed action
// stores exactly the expected hub; a refused one is access.ErrForbidden and writes nothing.
func TestPermissionMatrixCommands(t *testing.T) {
	t.Parallel()
	if len(access.Roles) != 6 {
		t.Fatalf("the contract has six roles, access.Roles has %d", len(access.Roles))
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			e := apptest.New(t)
			caller := apptest.Actor(role)
			for i, c := range commandCases {
				t.Run(c.name, func(t *testing.T) {
					name := fmt.Sprintf("허브 %s %02d", role, i)
					var target *hub.Hub
					var before hub.Snapshot
					if c.target != noHub {
						d := apptest.Details(name, c.target.of(caller))
						if c.deleted {
							target = e.CreateDeleted(t, d)
						} else {
							target = e.Create(t, d)
						}
						before = e.Load(t, target.ID())
					}
					now := e.Clock.Advance(time.Minute)
					got, err := c.act(e, caller, target, name)

					if !slices.Contains(c.allowed, role) {
						apptest.WantErr(t, err, access.ErrForbidden)
						if got != (query.HubView{}) {
							t.Errorf("a refused action returned a hub: %+v", got)
						}
						if target != nil {
							e.Unchanged(t, before)
						} else if n := storedCount(t, e, hub.SearchCondition{NamePrefix: name}); n != 0 {
							t.Errorf("a refused create stored %d hubs", n)
						}
						return
					}

					apptest.WantErr(t, err, nil)
					if got == (query.HubView{}) {
						t.Fatal("an allowed action returned no hub")
					}
					var want hub.Snapshot
					if target == nil {
						want = hub.Snapshot{
							ID: got.ID, Details: apptest.Details(name, nil),
							Fields: record.Fields{Version: 1, CreatedAt: apptest.Stored(now), CreatedBy: caller.ID,
								UpdatedAt: apptest.Stored(now), UpdatedBy: caller.ID},
						}
					} else {
						want = c.want(caller, before, now)
					}
					stored := e.Load(t, got.ID)
					if !reflect.DeepEqual(stored, want) {
						t.Errorf("stored hub:\n got  %+v\n want %+v", stored, want)
					}
					if view := e.View(t, got.ID); !reflect.DeepEqual(got, view) {
						t.Errorf("returned hub differs from the stored one:\n returned %+v\n stored   %+v", got, view)
					}
				})
			}
		})
	}
}
