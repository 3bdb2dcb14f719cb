package command_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestPatchMerge: a merge patch changes what it names and keeps everything else; null removes.
func TestPatchMerge(t *testing.T) {
	t.Parallel()
	mgr := uuid.MustParse("0193b2c4-0000-7000-8000-0000000000c1")
	cases := []struct {
		name  string
		patch command.HubPatch
		want  func(d hub.Details) hub.Details
	}{
		{"name only keeps address, location and manager", command.HubPatch{Name: apptest.Ptr("  새 이름 ")},
			func(d hub.Details) hub.Details { d.Name = "새 이름"; return d }},
		{"null location removes it", command.HubPatch{Location: command.Optional[*hub.Location]{Set: true, Value: nil}},
			func(d hub.Details) hub.Details { d.Location = nil; return d }},
		{"a location replaces it whole", command.HubPatch{Location: command.Optional[*hub.Location]{Set: true, Value: &hub.Location{Latitude: 35.1, Longitude: 129.04}}},
			func(d hub.Details) hub.Details {
				d.Location = &hub.Location{Latitude: 35.1, Longitude: 129.04}
				return d
			}},
		{"null manager clears it", command.HubPatch{ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: nil}},
			func(d hub.Details) hub.Details { d.ManagerID = nil; return d }},
		{"a manager replaces it", command.HubPatch{ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: apptest.Ptr(handedTo)}},
			func(d hub.Details) hub.Details { d.ManagerID = apptest.Ptr(handedTo); return d }},
		{"address2 only keeps address1 and zip code", command.HubPatch{Address: &command.AddressPatch{Address2: apptest.Ptr("지하 1층")}},
			func(d hub.Details) hub.Details { d.Address.Address2 = "지하 1층"; return d }},
		{"empty address2 clears only it", command.HubPatch{Address: &command.AddressPatch{Address2: apptest.Ptr("")}},
			func(d hub.Details) hub.Details { d.Address.Address2 = ""; return d }},
		{"zip code and address1 keep address2", command.HubPatch{Address: &command.AddressPatch{ZipCode: apptest.Ptr("48058"), Address1: apptest.Ptr("부산광역시 해운대구")}},
			func(d hub.Details) hub.Details {
				d.Address.ZipCode, d.Address.Address1 = "48058", "부산광역시 해운대구"
				return d
			}},
		{"empty address object changes nothing", command.HubPatch{Address: &command.AddressPatch{}},
			func(d hub.Details) hub.Details { return d }},
		{"empty patch changes nothing", command.HubPatch{},
			func(d hub.Details) hub.Details { return d }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := apptest.New(t)
			h := e.Create(t, apptest.Details("패치 허브", apptest.Ptr(mgr)))
			before := e.Load(t, h.ID())
			got, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: h.ID(), Patch: c.patch})
			apptest.WantErr(t, err, nil)
			want := c.want(before.Details)
			after := e.Load(t, h.ID())
			if !equalDetails(after.Details, want) || !equalDetails(detailsOf(got), want) {
				t.Fatalf("stored %s\nreturned %s\nwant     %s", show(after.Details), show(detailsOf(got)), show(want))
			}
			wantVersion := before.Version + 1
			if equalDetails(want, before.Details) {
				wantVersion = before.Version
			}
			if after.Version != wantVersion {
				t.Fatalf("version %d, want %d", after.Version, wantVersion)
			}
		})
	}
}

// TestPatchPointersAreNotShared: the hub keeps its own copies of what a patch pointed to.
func TestPatchPointersAreNotShared(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	h := e.Create(t, apptest.Details("공유 안 함", nil))
	loc := &hub.Location{Latitude: 1, Longitude: 2}
	mgr := uuid.New()
	got, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: h.ID(), Patch: command.HubPatch{
		Location:  command.Optional[*hub.Location]{Set: true, Value: loc},
		ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: &mgr},
	}})
	apptest.WantErr(t, err, nil)
	loc.Latitude, mgr = 50, uuid.New()
	if l := got.Location; l == nil || l.Latitude != 1 {
		t.Fatalf("returned hub's location follows the caller's variable: %+v", l)
	}
	if m := got.ManagerID; m == nil || *m == mgr {
		t.Fatalf("returned hub's manager follows the caller's variable: %v", m)
	}
}

// TestConcurrentPatches: 20 goroutines, as MASTER and as the hub's manager, patch one hub at
// once, each touching a member of its own or nothing at all. Every change lands, and the version
// counts exactly the patches that changed something.
func TestConcurrentPatches(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := apptest.Actor(access.HubManager)
	h := e.Create(t, apptest.Details("동시 허브", apptest.Ptr(mgr.ID)))
	before := e.Load(t, h.ID())

	changing := []struct {
		by    access.Actor
		patch command.HubPatch
	}{
		{e.Master, command.HubPatch{Name: apptest.Ptr("동시 허브 새 이름")}},
		{mgr, command.HubPatch{Address: &command.AddressPatch{ZipCode: apptest.Ptr("99999")}}},
		{mgr, command.HubPatch{Address: &command.AddressPatch{Address1: apptest.Ptr("대전광역시 유성구 대학로 99")}}},
		{e.Master, command.HubPatch{Address: &command.AddressPatch{Address2: apptest.Ptr("B동")}}},
		{e.Master, command.HubPatch{Location: command.Optional[*hub.Location]{Set: true, Value: &hub.Location{Latitude: 36.37, Longitude: 127.36}}}},
	}
	// The manager member is left alone here: the hub manager's patches are allowed only while it
	// manages the hub (TestConcurrentPatchesAllMembers changes the manager too, as MASTER only).
	var patches []command.PatchHub
	for _, c := range changing {
		patches = append(patches, command.PatchHub{Actor: c.by, HubID: h.ID(), Patch: c.patch})
	}
	for i := len(patches); i < 20; i++ {
		// No-ops: an empty patch, an empty address, the manager sent as it is.
		var p command.HubPatch
		switch i % 3 {
		case 1:
			p.Address = &command.AddressPatch{}
		case 2:
			p.ManagerID = command.Optional[*uuid.UUID]{Set: true, Value: apptest.Ptr(mgr.ID)}
		}
		by := e.Master
		if i%2 == 0 {
			by = mgr
		}
		patches = append(patches, command.PatchHub{Actor: by, HubID: h.ID(), Patch: p})
	}

	errs := make([]error, len(patches))
	var gate sync.WaitGroup // released at once, so the patches really overlap
	gate.Add(1)
	var wg sync.WaitGroup
	for i, p := range patches {
		wg.Go(func() {
			gate.Wait()
			e.Clock.Advance(1)
			_, errs[i] = e.App.Hubs.Update.Patch(ctx, p)
		})
	}
	gate.Done()
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("patch %d: %v", i, err)
		}
	}

	want := before.Details
	want.Name = "동시 허브 새 이름"
	want.Address = hub.Address{ZipCode: "99999", Address1: "대전광역시 유성구 대학로 99", Address2: "B동"}
	want.Location = &hub.Location{Latitude: 36.37, Longitude: 127.36}
	after := e.Load(t, h.ID())
	if !equalDetails(after.Details, want) {
		t.Fatalf("lost a concurrent patch:\n got  %s\n want %s", show(after.Details), show(want))
	}
	if wantVersion := before.Version + int64(len(changing)); after.Version != wantVersion {
		t.Fatalf("version %d, want %d (1 + %d changing patches)", after.Version, wantVersion, len(changing))
	}
}

// TestConcurrentPatchesAllMembers: 20 concurrent MASTER patches, six of them each changing one
// member of its own (manager included), fourteen changing nothing; all six land.
func TestConcurrentPatchesAllMembers(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	h := e.Create(t, apptest.Details("동시 허브 둘", nil))
	before := e.Load(t, h.ID())
	newMgr := uuid.New()
	changing := []command.HubPatch{
		{Name: apptest.Ptr("동시 허브 둘 새 이름")},
		{ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: &newMgr}},
		{Address: &command.AddressPatch{ZipCode: apptest.Ptr("11111")}},
		{Address: &command.AddressPatch{Address1: apptest.Ptr("광주광역시 북구 용봉로 77")}},
		{Address: &command.AddressPatch{Address2: apptest.Ptr("")}},
		{Location: command.Optional[*hub.Location]{Set: true, Value: nil}},
	}
	patches := append([]command.HubPatch(nil), changing...)
	for len(patches) < 20 {
		patches = append(patches, command.HubPatch{})
	}
	errs := make([]error, len(patches))
	var wg sync.WaitGroup
	for i, p := range patches {
		wg.Go(func() {
			actor := access.Actor{ID: uuid.New(), Role: access.Master}
			_, errs[i] = e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: actor, HubID: h.ID(), Patch: p})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("patch %d: %v", i, err)
		}
	}
	want := hub.Details{
		Name: "동시 허브 둘 새 이름", ManagerID: &newMgr,
		Address: hub.Address{ZipCode: "11111", Address1: "광주광역시 북구 용봉로 77", Address2: ""},
	}
	after := e.Load(t, h.ID())
	if !equalDetails(after.Details, want) {
		t.Fatalf("lost a concurrent patch:\n got  %s\n want %s", show(after.Details), show(want))
	}
	if after.Version != before.Version+int64(len(changing)) {
		t.Fatalf("version %d, want %d", after.Version, before.Version+int64(len(changing)))
	}
}

func equalDetails(a, b hub.Details) bool { return show(a) == show(b) }

// show prints details with what their pointers point to.
func show(d hub.Details) string {
	mgr, loc := "null", "null"
	if d.ManagerID != nil {
		mgr = d.ManagerID.String()
	}
	if d.Location != nil {
		loc = fmt.Sprintf("%v,%v", d.Location.Latitude, d.Location.Longitude)
	}
	return fmt.Sprintf("{name %q manager %s address %+v location %s}", d.Name, mgr, d.Address, loc)
}

// detailsOf reads the user-chosen details back out of a view.
func detailsOf(v query.HubView) hub.Details {
	return hub.Details{Name: v.Name, ManagerID: v.ManagerID, Address: v.Address, Location: v.Location}
}
