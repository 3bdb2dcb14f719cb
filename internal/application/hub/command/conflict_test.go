package command_test

import (
	"errors"
	"testing"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestVersionMismatchCarriesTheCurrentVersion: every If-Match refusal says the version the hub
// is at, so the HTTP layer can send it as the 412's ETag.
func TestVersionMismatchCarriesTheCurrentVersion(t *testing.T) {
	t.Parallel()
	for _, c := range versionedCommands {
		onAged(t, c, "", func(t *testing.T, e *apptest.Env, before hub.Snapshot) {
			_, err := c.act(e, before.ID, 1)
			var stale *hub.VersionMismatchError
			if !errors.As(err, &stale) || !errors.Is(err, hub.ErrVersionMismatch) {
				t.Fatalf("err = %v, want a *hub.VersionMismatchError", err)
			}
			if stale.Current != before.Version {
				t.Errorf("Current = %d, want the stored %d", stale.Current, before.Version)
			}
			e.Unchanged(t, before)
		})
	}
}

// TestNameTakenCarriesTheHolder: create, PUT, PATCH (by MASTER and by the hub's HUB_MANAGER)
// and restore name the live hub that holds the name.
func TestNameTakenCarriesTheHolder(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	gone := e.CreateDeleted(t, apptest.Details("DAEGU HUB", nil))
	holder := e.Create(t, apptest.Details("Daegu Hub", nil))
	manager := apptest.Actor(access.HubManager)
	mine := e.Create(t, apptest.Details("Gwangju Hub", &manager.ID))

	_, errCreate := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: apptest.Details("daegu hub", nil)})
	_, errPut := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: e.Master, HubID: mine.ID(), Details: apptest.Details("Daegu HUB", &manager.ID)})
	_, errPatch := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: manager, HubID: mine.ID(), Patch: command.HubPatch{Name: apptest.Ptr("DAEGU hub")}})
	_, errRestore := e.App.Hubs.Restore.Handle(ctx, command.RestoreHub{Actor: e.Master, ID: gone.ID()})
	for name, err := range map[string]error{"create": errCreate, "put": errPut, "manager's patch": errPatch, "restore": errRestore} {
		var taken *hub.NameTakenError
		if !errors.As(err, &taken) || !errors.Is(err, hub.ErrNameTaken) {
			t.Errorf("%s: err = %v, want a *hub.NameTakenError", name, err)
		} else if taken.HolderID != holder.ID() {
			t.Errorf("%s: Holder = %s, want %s", name, taken.HolderID, holder.ID())
		}
	}
}
