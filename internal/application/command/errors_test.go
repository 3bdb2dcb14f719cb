package command_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/command"
	"github.com/hubd/hubd/internal/domain/hub"
)

func TestDeleteErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.createDeleted(t, details("지운 허브", nil))
	before := e.load(t, h.ID())
	_, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: h.ID()})
	wantErr(t, err, hub.ErrNotFound)
	_, err = e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: h.ID(), IfVersion: before.Version})
	wantErr(t, err, hub.ErrNotFound)
	e.unchanged(t, before)

	_, err = e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: uuid.New()})
	wantErr(t, err, hub.ErrNotFound)
}

func TestRestoreErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	live := e.create(t, details("살아있는 허브", nil))
	before := e.load(t, live.ID())
	_, err := e.app.Commands.RestoreHub.Handle(ctx, command.RestoreHub{Actor: e.master, HubID: live.ID()})
	wantErr(t, err, hub.ErrNotDeleted)
	e.unchanged(t, before)

	_, err = e.app.Commands.RestoreHub.Handle(ctx, command.RestoreHub{Actor: e.master, HubID: uuid.New()})
	wantErr(t, err, hub.ErrNotFound)

	// A deleted hub's name is free; once a live hub takes it, the old one cannot come back.
	gone := e.createDeleted(t, details("Busan Hub", nil))
	e.create(t, details("BUSAN hub", nil))
	before = e.load(t, gone.ID())
	_, err = e.app.Commands.RestoreHub.Handle(ctx, command.RestoreHub{Actor: e.master, HubID: gone.ID()})
	wantErr(t, err, hub.ErrNameTaken)
	e.unchanged(t, before)
}

func TestNameTaken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.create(t, details("Seoul Hub", nil))

	for _, name := range []string{"Seoul Hub", "SEOUL HUB", "seoul hub", "  sEoUl hUb  "} {
		_, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: details(name, nil)})
		wantErr(t, err, hub.ErrNameTaken)
	}
	if found, err := e.repo.FindList(ctx, hub.SearchCondition{NamePrefix: "seoul"}); err != nil || len(found) != 1 {
		t.Fatalf("after refused creates: %d hubs named seoul… (err %v), want 1", len(found), err)
	}

	// Renaming another hub onto it, by PUT or PATCH, is refused the same way.
	second := e.create(t, details("Incheon Hub", nil))
	before := e.load(t, second.ID())
	_, err := e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: e.master, HubID: second.ID(), Details: details("SEOUL hub", nil)})
	wantErr(t, err, hub.ErrNameTaken)
	_, err = e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: second.ID(), Patch: command.HubPatch{Name: ptr("seoul HUB")}})
	wantErr(t, err, hub.ErrNameTaken)
	e.unchanged(t, before)

	// A hub may change the case of its own name.
	if _, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: first.ID(), Patch: command.HubPatch{Name: ptr("SEOUL HUB")}}); err != nil {
		t.Fatalf("recasing its own name: %v", err)
	}

	// Once deleted, the name may be reused.
	if _, err := e.app.Commands.DeleteHub.Handle(ctx, command.DeleteHub{Actor: e.master, HubID: first.ID()}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: details("seoul hub", nil)}); err != nil {
		t.Fatalf("reusing a deleted hub's name: %v", err)
	}
}

// TestUpdateDeletedHub: MASTER sees a deleted hub and is told it is deleted; the HUB_MANAGER who
// managed it is told it does not exist; nothing changes either way.
func TestUpdateDeletedHub(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mgr := actor(access.HubManager)
	h := e.createDeleted(t, details("지운 허브", ptr(mgr.ID)))
	before := e.load(t, h.ID())

	for _, c := range []struct {
		caller access.Actor
		want   error
	}{
		{e.master, hub.ErrDeleted},
		{mgr, hub.ErrNotFound},
		{actor(access.Company), access.ErrForbidden},
		{actor(access.Customer), access.ErrForbidden},
	} {
		_, err := e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: c.caller, HubID: h.ID(), Details: details("새 이름", ptr(mgr.ID))})
		wantErr(t, err, c.want)
		_, err = e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: c.caller, HubID: h.ID(), Patch: command.HubPatch{Name: ptr("새 이름")}})
		wantErr(t, err, c.want)
		e.unchanged(t, before)
	}

	for _, caller := range []access.Actor{e.master, mgr} {
		_, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: caller, HubID: uuid.New(), Patch: command.HubPatch{Name: ptr("x")}})
		wantErr(t, err, hub.ErrNotFound)
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
	e := newEnv(t)
	ok := details("검증 허브", nil)
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
	target := e.create(t, ok)
	before := e.load(t, target.ID())
	for _, c := range invalid {
		t.Run(c.name, func(t *testing.T) {
			d := details("새 허브", nil)
			c.edit(&d)
			_, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: d})
			if got := fieldsOf(t, err); !slices.Equal(got, c.fields) {
				t.Errorf("create: fields %v, want %v", got, c.fields)
			}
			d = before.Details
			c.edit(&d)
			_, err = e.app.Commands.UpdateHub.Handle(ctx, command.UpdateHub{Actor: e.master, HubID: target.ID(), Details: d})
			if got := fieldsOf(t, err); !slices.Equal(got, c.fields) {
				t.Errorf("put: fields %v, want %v", got, c.fields)
			}
			e.unchanged(t, before)
		})
	}
	if all, err := e.repo.FindList(ctx, hub.SearchCondition{}); err != nil || len(all) != 1 {
		t.Fatalf("refused creates stored hubs: %d (err %v), want 1", len(all), err)
	}

	// A patch that breaks a rule is refused whole.
	for name, p := range map[string]command.HubPatch{
		"blank name":        {Name: ptr("   "), Address: &command.AddressPatch{Address2: ptr("바뀜")}},
		"empty address1":    {Address: &command.AddressPatch{Address1: ptr("")}, Name: ptr("바뀐 이름")},
		"latitude 91":       {Location: command.Optional[*hub.Location]{Set: true, Value: &hub.Location{Latitude: 91, Longitude: 1}}},
		"nil manager uuid":  {ManagerID: command.Optional[*uuid.UUID]{Set: true, Value: &uuid.Nil}},
		"long zip code":     {Address: &command.AddressPatch{ZipCode: ptr("12345-67890")}},
		"control in addr 2": {Address: &command.AddressPatch{Address2: ptr("line\nbreak")}},
	} {
		_, err := e.app.Commands.UpdateHub.Patch(ctx, command.PatchHub{Actor: e.master, HubID: target.ID(), Patch: p})
		if !errors.Is(err, hub.ErrInvalid) {
			t.Errorf("patch %s: error %v, want hub.ErrInvalid", name, err)
		}
		e.unchanged(t, before)
	}

	// The limits themselves are allowed, in characters, not bytes.
	d := details(strings.Repeat("허", 100), nil)
	d.Address = hub.Address{ZipCode: "1234567890", Address1: strings.Repeat("가", 200), Address2: strings.Repeat("나", 200)}
	d.Location = &hub.Location{Latitude: -90, Longitude: 180}
	if _, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: e.master, Details: d}); err != nil {
		t.Fatalf("details at the limits: %v", err)
	}

	// A caller without an id cannot be recorded in the audit fields.
	_, err := e.app.Commands.CreateHub.Handle(ctx, command.CreateHub{Actor: access.Actor{Role: access.Master}, Details: details("익명", nil)})
	if !errors.Is(err, hub.ErrInvalid) {
		t.Fatalf("create by an actor without id: %v, want hub.ErrInvalid", err)
	}
}
