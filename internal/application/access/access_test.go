package access_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

func TestParseRole(t *testing.T) {
	for _, r := range access.Roles {
		if got, ok := access.ParseRole(string(r)); !ok || got != r {
			t.Errorf("%s: %v %v", r, got, ok)
		}
	}
	for _, bad := range []string{"", "master", "ADMIN", "MASTER "} {
		if _, ok := access.ParseRole(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestMatrix is the contract's permission table, role by role.
func TestMatrix(t *testing.T) {
	me, someone := uuid.New(), uuid.New()
	type row struct{ read, deleted, lifecycle, updateOwn, updateOther, changeManager bool }
	want := map[access.Role]row{
		access.Master:     {true, true, true, true, true, true},
		access.HubManager: {true, false, false, true, false, false},
		access.Company:    {true, false, false, false, false, false},
		access.Shipper:    {true, false, false, false, false, false},
		access.Server:     {true, false, false, false, false, false},
		access.Customer:   {false, false, false, false, false, false},
	}
	for role, w := range want {
		a := access.Actor{ID: me, Role: role}
		got := row{
			a.CanRead(), a.CanSeeDeleted(), a.CanManageLifecycle(),
			a.CanChangeAt(&me, &me), a.CanChangeAt(&someone, &someone), a.CanChangeAt(&me, &someone),
		}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", role, got, w)
		}
	}
	if (access.Actor{ID: me, Role: "ADMIN"}).CanRead() || (access.Actor{ID: me}).CanRead() {
		t.Error("an unknown or empty role may read")
	}
	hm := access.Actor{ID: me, Role: access.HubManager}
	if hm.CanChangeAt(nil, nil) || hm.CanChangeAt(&me, nil) {
		t.Error("a hub manager may not update an unmanaged hub or clear its own management")
	}
}
