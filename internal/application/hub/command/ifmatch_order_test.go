package command_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestStaleIfMatchComesAfterNotFoundAndForbidden: the refusals come in the order 404, 403, 412.
// A stale If-Match on a hub the caller may not see is hub.ErrNotFound, on one it may not change
// access.ErrForbidden; only a caller who may see and change the hub learns that the version is
// stale. The repository port has no version option that could run before the command's
// decisions (Update takes only the closure), so this order is the commands' to keep.
func TestStaleIfMatchComesAfterNotFoundAndForbidden(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := apptest.Actor(access.HubManager)
	others := e.Create(t, apptest.Details("남의 허브", nil))
	own := e.Create(t, apptest.Details("제 허브", apptest.Ptr(mgr.ID)))
	ownDeleted := e.CreateDeleted(t, apptest.Details("지운 제 허브", apptest.Ptr(mgr.ID)))
	deleted := e.CreateDeleted(t, apptest.Details("지운 허브", nil))
	const stale = 7 // every hub here is at version 1 or 2

	put := func(a access.Actor, id uuid.UUID, manager *uuid.UUID) error {
		_, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: a, HubID: id, Details: apptest.Details("새 이름", manager), IfVersion: stale})
		return err
	}
	patch := func(a access.Actor, id uuid.UUID) error {
		_, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: a, HubID: id, Patch: command.HubPatch{Name: apptest.Ptr("새 이름")}, IfVersion: stale})
		return err
	}
	del := func(a access.Actor, id uuid.UUID) error {
		_, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: a, ID: id, IfVersion: stale})
		return err
	}
	restore := func(a access.Actor, id uuid.UUID) error {
		_, err := e.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: a, ID: id, IfVersion: stale})
		return err
	}
	company := apptest.Actor(access.Company)
	cases := []struct {
		name string
		err  error
		want error
	}{
		// 404: the caller may not see the hub (or there is none).
		{"manager puts its own deleted hub", put(mgr, ownDeleted.ID(), &mgr.ID), hub.ErrNotFound},
		{"manager patches its own deleted hub", patch(mgr, ownDeleted.ID()), hub.ErrNotFound},
		{"master patches an unknown hub", patch(e.Master, uuid.New()), hub.ErrNotFound},
		{"master deletes a deleted hub", del(e.Master, deleted.ID()), hub.ErrNotFound},
		{"master restores an unknown hub", restore(e.Master, uuid.New()), hub.ErrNotFound},
		// 403: it sees the hub but may not change it (so).
		{"manager puts another's hub", put(mgr, others.ID(), &mgr.ID), access.ErrForbidden},
		{"manager patches another's hub", patch(mgr, others.ID()), access.ErrForbidden},
		{"manager gives its own hub away", put(mgr, own.ID(), nil), access.ErrForbidden},
		{"manager deletes its own hub", del(mgr, own.ID()), access.ErrForbidden},
		{"manager restores its own deleted hub", restore(mgr, ownDeleted.ID()), access.ErrForbidden},
		{"company patches a hub", patch(company, others.ID()), access.ErrForbidden},
		// 412: only now.
		{"manager patches its own hub", patch(mgr, own.ID()), hub.ErrVersionMismatch},
		{"master patches a hub", patch(e.Master, others.ID()), hub.ErrVersionMismatch},
		{"master restores a deleted hub", restore(e.Master, deleted.ID()), hub.ErrVersionMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { apptest.WantErr(t, c.err, c.want) })
	}
	for _, h := range []*hub.Hub{others, own, ownDeleted, deleted} {
		if got := e.Load(t, h.ID()); got.Version != h.Version() {
			t.Errorf("%s: version %d after refusals, was %d", got.Details.Name, got.Version, h.Version())
		}
	}
}
