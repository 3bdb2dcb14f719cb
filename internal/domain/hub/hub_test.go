package hub_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
)

var (
	master = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	other  = uuid.MustParse("00000000-0000-4000-8000-000000000002")
	t0     = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)
)

func validDetails() hub.Details {
	return hub.Details{
		Name:     "서울특별시 센터",
		Address:  hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55"},
		Location: &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
	}
}

func newHub(t *testing.T) *hub.Hub {
	t.Helper()
	h, err := hub.New(validDetails(), master, t0)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return h
}

func TestNewStartsAtVersionOneWithAudit(t *testing.T) {
	local := time.Date(2026, 11, 21, 14, 0, 0, 123456789, time.FixedZone("KST", 9*3600))
	h, err := hub.New(validDetails(), master, local)
	if err != nil {
		t.Fatal(err)
	}
	want := local.UTC().Truncate(time.Microsecond)
	if h.Version() != 1 || h.IsDeleted() || h.ID() == uuid.Nil || h.ID().Version() != 7 {
		t.Errorf("version %d deleted %v id %s", h.Version(), h.IsDeleted(), h.ID())
	}
	if !h.CreatedAt().Equal(want) || h.CreatedAt().Location() != time.UTC || !h.UpdatedAt().Equal(want) {
		t.Errorf("timestamps %v %v, want %v in UTC", h.CreatedAt(), h.UpdatedAt(), want)
	}
	if h.CreatedBy() != master || h.UpdatedBy() != master || h.DeletedAt() != nil || h.DeletedBy() != nil {
		t.Errorf("audit: %v %v %v %v", h.CreatedBy(), h.UpdatedBy(), h.DeletedAt(), h.DeletedBy())
	}
}

func TestNameIsTrimmedAndBounded(t *testing.T) {
	d := validDetails()
	d.Name = "  부산광역시 센터\u3000 "
	h, err := hub.New(d, master, t0)
	if err != nil {
		t.Fatal(err)
	}
	if h.Name() != "부산광역시 센터" {
		t.Errorf("name %q not trimmed", h.Name())
	}
	for name, input := range map[string]string{
		"empty": "", "blank": " \t ", "101 runes": strings.Repeat("가", 101),
		"control character": "a\x00b", "invalid utf-8": "a\xffb",
	} {
		d.Name = input
		assertField(t, name, d, "hubName")
	}
	d.Name = strings.Repeat("가", 100) // 300 bytes, 100 characters: allowed
	if _, err := hub.New(d, master, t0); err != nil {
		t.Errorf("100 Korean characters refused: %v", err)
	}
}

func TestAddressRules(t *testing.T) {
	cases := map[string]struct {
		mutate func(*hub.Address)
		field  string
	}{
		"address1 missing":  {func(a *hub.Address) { a.Address1 = "  " }, "address.address1"},
		"address1 too long": {func(a *hub.Address) { a.Address1 = strings.Repeat("a", 201) }, "address.address1"},
		"address2 too long": {func(a *hub.Address) { a.Address2 = strings.Repeat("a", 201) }, "address.address2"},
		"zip too long":      {func(a *hub.Address) { a.ZipCode = "12345678901" }, "address.zipCode"},
	}
	for name, c := range cases {
		d := validDetails()
		c.mutate(&d.Address)
		assertField(t, name, d, c.field)
	}
}

func TestLocationRange(t *testing.T) {
	cases := map[string]struct {
		loc   hub.Location
		field string
	}{
		"latitude above":  {hub.Location{Latitude: 90.0001, Longitude: 0}, "location.latitude"},
		"latitude below":  {hub.Location{Latitude: -91, Longitude: 0}, "location.latitude"},
		"latitude NaN":    {hub.Location{Latitude: math.NaN(), Longitude: 0}, "location.latitude"},
		"longitude above": {hub.Location{Latitude: 0, Longitude: 180.5}, "location.longitude"},
		"longitude below": {hub.Location{Latitude: 0, Longitude: -181}, "location.longitude"},
	}
	for name, c := range cases {
		d := validDetails()
		d.Location = &c.loc
		assertField(t, name, d, c.field)
	}
	d := validDetails()
	d.Location = &hub.Location{Latitude: -90, Longitude: 180}
	if _, err := hub.New(d, master, t0); err != nil {
		t.Errorf("edges refused: %v", err)
	}
	d.Location = nil
	if h, err := hub.New(d, master, t0); err != nil || h.Location() != nil {
		t.Errorf("no location: %v %v", h, err)
	}
}

func TestValidationCollectsEveryField(t *testing.T) {
	d := hub.Details{Location: &hub.Location{Latitude: 100, Longitude: 200}}
	_, err := hub.New(d, master, t0)
	var ve *hub.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, hub.ErrInvalid) {
		t.Fatalf("error %v is not a validation error", err)
	}
	got := map[string]bool{}
	for _, f := range ve.Fields {
		got[f.Field] = true
	}
	for _, f := range []string{"hubName", "address.address1", "location.latitude", "location.longitude"} {
		if !got[f] {
			t.Errorf("missing field %s in %v", f, ve.Fields)
		}
	}
}

func TestActorRequiredAndNilManagerRefused(t *testing.T) {
	if _, err := hub.New(validDetails(), uuid.Nil, t0); !errors.Is(err, hub.ErrInvalid) {
		t.Errorf("nil actor: %v", err)
	}
	d := validDetails()
	d.ManagerID = &uuid.Nil
	assertField(t, "nil manager", d, "hubManagerId")
}

func assertField(t *testing.T, name string, d hub.Details, field string) {
	t.Helper()
	_, err := hub.New(d, master, t0)
	var ve *hub.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s: got %v, want a validation error", name, err)
		return
	}
	for _, f := range ve.Fields {
		if f.Field == field && f.Message != "" {
			return
		}
	}
	t.Errorf("%s: fields %v do not name %s", name, ve.Fields, field)
}

func TestSearchConditionValidate(t *testing.T) {
	for _, bad := range []string{"\xeb%", "a\x00", strings.Repeat("가", 101)} {
		if err := (hub.SearchCondition{NamePrefix: bad}).Validate(); !errors.Is(err, hub.ErrInvalid) {
			t.Errorf("prefix %q: %v", bad, err)
		}
	}
	for _, good := range []string{"", "서울", `100%_\`, " ", "\u200b서울"} {
		if err := (hub.SearchCondition{NamePrefix: good, NameContains: good}).Validate(); err != nil {
			t.Errorf("prefix and q %q: %v", good, err)
		}
	}
	// A prefix or q of nothing but ignorable characters has an empty fragment: it would filter
	// nothing, so a search that looks filtered would return every hub. It is refused, naming
	// the parameter.
	for _, invisible := range []string{"\u200b", "\ufeff\u200b", "\u3164", "\u115f\u1160"} {
		for field, cond := range map[string]hub.SearchCondition{
			"hubName": {NamePrefix: invisible},
			"q":       {NameContains: invisible},
		} {
			err := cond.Validate()
			var ve *hub.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != field {
				t.Errorf("%s %+q: %v, want a validation error naming %s", field, invisible, err, field)
			}
		}
	}
}
