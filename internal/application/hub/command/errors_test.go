package command_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// refuses asserts that act on the stored hub id, without If-Match and with its version, fails
// with want each time and writes nothing, and that act on a hub that does not exist is
// hub.ErrNotFound.
func refuses(t *testing.T, e *apptest.Env, id uuid.UUID, act ifMatchAct, want error) {
	t.Helper()
	before := e.Load(t, id)
	for _, v := range []int64{0, before.Version} {
		_, err := act(e, id, v)
		apptest.WantErr(t, err, want)
	}
	e.Unchanged(t, before)
	_, err := act(e, uuid.New(), 0)
	apptest.WantErr(t, err, hub.ErrNotFound)
}

func TestDeleteErrors(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	refuses(t, e, e.CreateDeleted(t, apptest.Details("지운 허브", nil)).ID(), deleteHub, hub.ErrNotFound)
}

func TestRestoreErrors(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	refuses(t, e, e.Create(t, apptest.Details("살아있는 허브", nil)).ID(), restoreHub, hub.ErrNotDeleted)

	// A deleted hub's name is free; once a live hub takes it, the old one cannot come back.
	gone := e.CreateDeleted(t, apptest.Details("Busan Hub", nil))
	e.Create(t, apptest.Details("BUSAN hub", nil))
	refuses(t, e, gone.ID(), restoreHub, hub.ErrNameTaken)
}

func TestNameTaken(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	first := e.Create(t, apptest.Details("Seoul Hub", nil))

	for _, name := range []string{"Seoul Hub", "SEOUL HUB", "seoul hub", "  sEoUl hUb  "} {
		_, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: apptest.Details(name, nil)})
		apptest.WantErr(t, err, hub.ErrNameTaken)
	}
	if n := storedCount(t, e, hub.SearchCondition{NamePrefix: "seoul"}); n != 1 {
		t.Fatalf("after refused creates: %d hubs named seoul…, want 1", n)
	}

	// Renaming another hub onto it, by PUT or PATCH, is refused the same way.
	second := e.Create(t, apptest.Details("Incheon Hub", nil))
	before := e.Load(t, second.ID())
	_, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: e.Master, HubID: second.ID(), Details: apptest.Details("SEOUL hub", nil)})
	apptest.WantErr(t, err, hub.ErrNameTaken)
	_, err = e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: second.ID(), Patch: command.HubPatch{Name: apptest.Ptr("seoul HUB")}})
	apptest.WantErr(t, err, hub.ErrNameTaken)
	e.Unchanged(t, before)

	// A hub may change the case of its own name.
	if _, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: first.ID(), Patch: command.HubPatch{Name: apptest.Ptr("SEOUL HUB")}}); err != nil {
		t.Fatalf("recasing its own name: %v", err)
	}

	// Once deleted, the name may be reused.
	if _, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: e.Master, ID: first.ID()}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: apptest.Details("seoul hub", nil)}); err != nil {
		t.Fatalf("reusing a deleted hub's name: %v", err)
	}
}

// TestUpdateDeletedHub: MASTER sees a deleted hub and is told it is deleted; the HUB_MANAGER who
// managed it is told it does not exist; nothing changes either way.
func TestUpdateDeletedHub(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := apptest.Actor(access.HubManager)
	h := e.CreateDeleted(t, apptest.Details("지운 허브", apptest.Ptr(mgr.ID)))
	before := e.Load(t, h.ID())

	for _, c := range []struct {
		caller access.Actor
		want   error
	}{
		{e.Master, hub.ErrDeleted},
		{mgr, hub.ErrNotFound},
		{apptest.Actor(access.Company), access.ErrForbidden},
		{apptest.Actor(access.Customer), access.ErrForbidden},
	} {
		_, err := e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: c.caller, HubID: h.ID(), Details: apptest.Details("새 이름", apptest.Ptr(mgr.ID))})
		apptest.WantErr(t, err, c.want)
		_, err = e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: c.caller, HubID: h.ID(), Patch: command.HubPatch{Name: apptest.Ptr("새 이름")}})
		apptest.WantErr(t, err, c.want)
		e.Unchanged(t, before)
	}

	for _, caller := range []access.Actor{e.Master, mgr} {
		_, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: caller, HubID: uuid.New(), Patch: command.HubPatch{Name: apptest.Ptr("x")}})
		apptest.WantErr(t, err, hub.ErrNotFound)
	}
}

// fieldsOf lists the fields a validation error names.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if !errors.Is(err, hub.ErrInvalid) {
		t.Fatalf("error = %v, want one matching hub.ErrInvalid", err)
	}
	var ve *hub.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *hub.ValidationError", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	return fields
}

func TestValidation(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	ok := apptest.Details("검증 허브", nil)
	invalid := []struct {
		name   string
		edit   func(*hub.Details)
		fields []string
	}{
		{"empty name", func(d *hub.Details) { d.Name = "" }, []string{"hubName"}},
		{"blank name", func(d *hub.Details) { d.Name = " \t " }, []string{"hubName"}},
		{"name of 101 characters", func(d *hub.Details) { d.Name = strings.Repeat("허", 101) }, []string{"hubName"}},
		{"control character in name", func(d *hub.Details) { d.Name = "a\x00b" }, []string{"hubName"}},
		{"no address1", func(d *hub.Details) { d.Address.Address1 = "" }, []string{"address.address1"}},
		{"address1 of 201 characters", func(d *hub.Details) { d.Address.Address1 = strings.Repeat("가", 201) }, []string{"address.address1"}},
		{"address2 of 201 characters", func(d *hub.Details) { d.Address.Address2 = strings.Repeat("가", 201) }, []string{"address.address2"}},
		{"zip code of 11 characters", func(d *hub.Details) { d.Address.ZipCode = "12345678901" }, []string{"address.zipCode"}},
		{"latitude 90.5", func(d *hub.Details) { d.Location = &hub.Location{Latitude: 90.5, Longitude: 0} }, []string{"location.latitude"}},
		{"longitude -181", func(d *hub.Details) { d.Location = &hub.Location{Latitude: 0, Longitude: -181} }, []string{"location.longitude"}},
		{"nil manager uuid", func(d *hub.Details) { d.ManagerID = &uuid.Nil }, []string{"hubManagerId"}},
		{"everything at once", func(d *hub.Details) {
			d.Name, d.Address.Address1, d.Location = "", "", &hub.Location{Latitude: -91, Longitude: 181}
		}, []string{"hubName", "address.address1", "location.latitude", "location.longitude"}},
	}
	target := e.Create(t, ok)
	before := e.Load(t, target.ID())
	for _, c := range invalid {
		t.Run(c.name, func(t *testing.T) {
			d := apptest.Details("새 허브", nil)
			c.edit(&d)
			_, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: d})
			if got := fieldsOf(t, err); !slices.Equal(got, c.fields) {
				t.Errorf("create: fields %v, want %v", got, c.fields)
			}
			d = before.Details
			c.edit(&d)
			_, err = e.App.Hubs.Update.Handle(ctx, command.UpdateHub{Actor: e.Master, HubID: target.ID(), Details: d})
			if got := fieldsOf(t, err); !slices.Equal(got, c.fields) {
				t.Errorf("put: fields %v, want %v", got, c.fields)
			}
			e.Unchanged(t, before)
		})
	}
	if n := storedCount(t, e, hub.SearchCondition{}); n != 1 {
		t.Fatalf("refused creates stored hubs: %d, want 1", n)
	}

	// A patch that breaks a rule is refused whole.
	for name, p := range map[string]command.HubPatch{
		"blank name":        {Name: apptest.Ptr("   "), Address: &command.AddressPatch{Address2: apptest.Ptr("바뀜")}},
		"empty address1":    {Address: &command.AddressPatch{Address1: apptest.Ptr("")}, Name: apptest.Ptr("바뀐 이름")},
		"latitude 91":       {Location: command.Optional[*hub.Location]{Set: true, Value: &hub.Location{Latitude: 91, Longitude: 1}}},
		"nil manager uuid":  {ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: &uuid.Nil}},
		"long zip code":     {Address: &command.AddressPatch{ZipCode: apptest.Ptr("12345-67890")}},
		"control in addr 2": {Address: &command.AddressPatch{Address2: apptest.Ptr("line\nbreak")}},
	} {
		_, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: e.Master, HubID: target.ID(), Patch: p})
		if !errors.Is(err, hub.ErrInvalid) {
			t.Errorf("patch %s: error %v, want hub.ErrInvalid", name, err)
		}
		e.Unchanged(t, before)
	}

	// The limits themselves are allowed, in characters, not bytes.
	d := apptest.Details(strings.Repeat("허", 100), nil)
	d.Address = hub.Address{ZipCode: "1234567890", Address1: strings.Repeat("가", 200), Address2: strings.Repeat("나", 200)}
	d.Location = &hub.Location{Latitude: -90, Longitude: 180}
	if _, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: e.Master, Details: d}); err != nil {
		t.Fatalf("details at the limits: %v", err)
	}

	// A caller without an id cannot be recorded in the audit fields.
	_, err := e.App.Hubs.Create.Handle(ctx, command.CreateHub{Actor: access.Actor{Role: access.Master}, Details: apptest.Details("익명", nil)})
	if !errors.Is(err, hub.ErrInvalid) {
		t.Fatalf("create by an actor without id: %v, want hub.ErrInvalid", err)
	}
}
