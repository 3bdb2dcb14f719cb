package shipper_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/shipper"
)

var (
	alice = uuid.MustParse("00000000-0000-4000-8000-00000000000a")
	bob   = uuid.MustParse("00000000-0000-4000-8000-00000000000b")
	user  = uuid.MustParse("00000000-0000-4000-8000-0000000000c1")
	hubA  = uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	hubB  = uuid.MustParse("00000000-0000-4000-8000-0000000000b1")
	t0    = time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.FixedZone("KST", 9*3600))
)

func newShipper(t *testing.T) *shipper.Shipper {
	t.Helper()
	s, err := shipper.New(user, shipper.Details{HubID: hubA, Type: shipper.TypeHub}, alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fieldsOf(t *testing.T, err error) []kernel.FieldError {
	t.Helper()
	var ve *shipper.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, shipper.ErrInvalid) || kernel.CodeOf(err) != "INVALID_BODY" {
		t.Fatalf("%v is not a shipper validation error", err)
	}
	return ve.Fields
}

func TestNewRegistersTheUserIDAtVersion1(t *testing.T) {
	s := newShipper(t)
	if s.ID() != user || s.HubID() != hubA || s.Type() != shipper.TypeHub || s.Version() != 1 || s.IsDeleted() ||
		s.CreatedBy() != alice || s.CreatedAt() != t0.UTC().Truncate(time.Microsecond) {
		t.Fatalf("New: %+v", s.Snapshot())
	}
	ev := s.PendingEvents()
	if len(ev) != 1 || ev[0].Type != shipper.Created || ev[0].RecordID != user || ev[0].Version != 1 ||
		ev[0].Actor != alice || ev[0].State != s.Snapshot() {
		t.Errorf("events of New: %+v", ev)
	}
}

func TestNewNamesEveryBrokenRule(t *testing.T) {
	_, err := shipper.New(uuid.Nil, shipper.Details{Type: "SHIPPER_TRUCK"}, uuid.Nil, t0)
	want := []kernel.FieldError{
		{Field: "shipperId", Message: "is required"},
		{Field: "hubId", Message: "is required"},
		{Field: "shipperType", Message: "must be SHIPPER_HUB or SHIPPER_CUSTOMER"},
		{Field: "actor", Message: "is required"},
	}
	if got := fieldsOf(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
}

func TestChangeMovesAndRetypes(t *testing.T) {
	s := newShipper(t)
	if err := s.Change(s.Details(), bob, t0.Add(time.Minute)); err != nil || s.Version() != 1 || len(s.PendingEvents()) != 1 {
		t.Fatalf("an equal change was a change: %v, version %d", err, s.Version())
	}
	if err := s.Change(shipper.Details{HubID: hubB, Type: shipper.TypeCustomer}, bob, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if s.HubID() != hubB || s.Type() != shipper.TypeCustomer || s.Version() != 2 || s.UpdatedBy() != bob {
		t.Fatalf("after the move: %+v", s.Snapshot())
	}
	ev := s.PendingEvents()
	if len(ev) != 2 || ev[1].Type != shipper.Updated || ev[1].Version != 2 || ev[1].State.Details.HubID != hubB {
		t.Errorf("events: %+v", ev)
	}
	err := s.Change(shipper.Details{HubID: uuid.Nil, Type: shipper.TypeHub}, bob, t0)
	if got := fieldsOf(t, err); len(got) != 1 || got[0].Field != "hubId" || s.HubID() != hubB || s.Version() != 2 {
		t.Errorf("an invalid change: %v, state %+v", got, s.Snapshot())
	}
}

func TestCheckSameID(t *testing.T) {
	s := newShipper(t)
	other := bob
	if err := s.CheckSameID(nil); err != nil {
		t.Error(err)
	}
	id := user
	if err := s.CheckSameID(&id); err != nil {
		t.Error(err)
	}
	if got := fieldsOf(t, s.CheckSameID(&other)); len(got) != 1 || got[0].Field != "shipperId" {
		t.Errorf("another id: %v", got)
	}
}

func TestLifecycleAndItsErrors(t *testing.T) {
	s := newShipper(t)
	if err := s.Delete(bob, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !s.IsDeleted() || s.Version() != 2 || *s.DeletedBy() != bob {
		t.Fatalf("after Delete: %+v", s.Snapshot())
	}
	for name, err := range map[string]error{
		"delete again": s.Delete(bob, t0),
		"change":       s.Change(shipper.Details{HubID: hubB, Type: shipper.TypeHub}, bob, t0),
	} {
		if !errors.Is(err, shipper.ErrDeleted) || kernel.KindOf(err) != kernel.Conflict || kernel.CodeOf(err) != "SHIPPER_DELETED" {
			t.Errorf("%s of a deleted shipper: %v", name, err)
		}
	}
	if err := s.Restore(alice, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(alice, t0); !errors.Is(err, shipper.ErrNotDeleted) || kernel.CodeOf(err) != "SHIPPER_NOT_DELETED" {
		t.Errorf("restore of a live shipper: %v", err)
	}
	var types []shipper.EventType
	for _, e := range s.PendingEvents() {
		types = append(types, e.Type)
	}
	if want := []shipper.EventType{shipper.Created, shipper.Deleted, shipper.Restored}; !reflect.DeepEqual(types, want) {
		t.Errorf("events %v, want %v", types, want)
	}
	if s.IsDeleted() || s.Version() != 3 {
		t.Errorf("after Restore: %+v", s.Snapshot())
	}
}

func TestVersionMismatchIsTheShippers(t *testing.T) {
	s := newShipper(t)
	err := s.CheckVersion(4)
	var vm *shipper.VersionMismatchError
	if !errors.As(err, &vm) || vm.Current != 1 || !errors.Is(err, shipper.ErrVersionMismatch) ||
		kernel.KindOf(err) != kernel.FailedPrecondition || kernel.CodeOf(err) != "VERSION_MISMATCH" {
		t.Errorf("CheckVersion(4) = %v", err)
	}
	if s.CheckVersion(1) != nil {
		t.Error("the current version refused")
	}
}

func TestSentinelsHaveTheContractsKindsAndCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		kind kernel.Kind
		code string
	}{
		{shipper.ErrNotFound, kernel.NotFound, "SHIPPER_NOT_FOUND"},
		{shipper.ErrExists, kernel.Conflict, "SHIPPER_EXISTS"},
		{shipper.ErrDeleted, kernel.Conflict, "SHIPPER_DELETED"},
		{shipper.ErrNotDeleted, kernel.Conflict, "SHIPPER_NOT_DELETED"},
		{shipper.ErrVersionMismatch, kernel.FailedPrecondition, "VERSION_MISMATCH"},
		{shipper.ErrInvalid, kernel.Invalid, "INVALID_BODY"},
		{shipper.ErrHubNotFound, kernel.Unprocessable, "HUB_NOT_FOUND"},
		{shipper.ErrNoShipper, kernel.NotFound, "NO_SHIPPER"},
	} {
		if kernel.KindOf(c.err) != c.kind || kernel.CodeOf(c.err) != c.code {
			t.Errorf("%v: %v %q, want %v %q", c.err, kernel.KindOf(c.err), kernel.CodeOf(c.err), c.kind, c.code)
		}
	}
	if f := shipper.ErrHubNotFound.Fields(); len(f) != 1 || f[0].Field != "hubId" {
		t.Errorf("HUB_NOT_FOUND names %v, want hubId", f)
	}
}

func TestUnmarshalRoundTripsAndRefusesCorruption(t *testing.T) {
	s := newShipper(t)
	if err := s.Delete(bob, t0); err != nil {
		t.Fatal(err)
	}
	back, err := shipper.UnmarshalFromDatabase(s.Snapshot())
	if err != nil || !reflect.DeepEqual(back.Snapshot(), s.Snapshot()) || len(back.PendingEvents()) != 0 {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	for name, mutate := range map[string]func(*shipper.Snapshot){
		"no id":        func(x *shipper.Snapshot) { x.ID = uuid.Nil },
		"no hub":       func(x *shipper.Snapshot) { x.Details.HubID = uuid.Nil },
		"unknown type": func(x *shipper.Snapshot) { x.Details.Type = "X" },
		"version 0":    func(x *shipper.Snapshot) { x.Version = 0 },
		"no deletedAt": func(x *shipper.Snapshot) { x.DeletedAt = nil },
	} {
		snap := s.Snapshot()
		mutate(&snap)
		if _, err := shipper.UnmarshalFromDatabase(snap); !errors.Is(err, shipper.ErrCorruptState) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseType(t *testing.T) {
	for _, ty := range shipper.Types {
		if got, ok := shipper.ParseType(string(ty)); !ok || got != ty {
			t.Errorf("ParseType(%s) = %s, %v", ty, got, ok)
		}
	}
	for _, s := range []string{"", "shipper_hub", "SHIPPER_HUB "} {
		if _, ok := shipper.ParseType(s); ok {
			t.Errorf("ParseType(%q) accepted", s)
		}
	}
}

func TestSearchConditionMatchesEveryFilter(t *testing.T) {
	s := newShipper(t)
	id, other, hub := user, bob, hubA
	const name = "서울특별시 센터"
	for _, c := range []struct {
		cond shipper.SearchCondition
		hub  string
		want bool
	}{
		{shipper.SearchCondition{}, name, true},
		{shipper.SearchCondition{Deleted: true}, name, false},
		{shipper.SearchCondition{ShipperID: &id}, name, true},
		{shipper.SearchCondition{ShipperID: &other}, name, false},
		{shipper.SearchCondition{HubID: &hub}, name, true},
		{shipper.SearchCondition{HubID: &other}, name, false},
		{shipper.SearchCondition{Type: shipper.TypeHub}, name, true},
		{shipper.SearchCondition{Type: shipper.TypeCustomer}, name, false},
		{shipper.SearchCondition{HubNamePrefix: "서울"}, name, true},
		{shipper.SearchCondition{HubNamePrefix: "부산"}, name, false},
		{shipper.SearchCondition{HubNamePrefix: "서울특별시  "}, name, true},
		{shipper.SearchCondition{HubID: &hub, Type: shipper.TypeHub, HubNamePrefix: "서울", ShipperID: &id}, name, true},
	} {
		if got := c.cond.Matches(s, c.hub); got != c.want {
			t.Errorf("%+v on hub %q: %v, want %v", c.cond, c.hub, got, c.want)
		}
	}
	if err := s.Delete(bob, t0); err != nil {
		t.Fatal(err)
	}
	if !(shipper.SearchCondition{Deleted: true}).Matches(s, name) || (shipper.SearchCondition{}).Matches(s, name) {
		t.Error("Deleted does not split live from deleted")
	}
}

func TestSearchConditionValidate(t *testing.T) {
	if err := (shipper.SearchCondition{Type: shipper.TypeCustomer, HubNamePrefix: "서울"}).Validate(); err != nil {
		t.Error(err)
	}
	got := fieldsOf(t, shipper.SearchCondition{Type: "X", HubNamePrefix: "\u200b"}.Validate())
	if len(got) != 2 || got[0].Field != "shipperType" || got[1].Field != "hubName" {
		t.Errorf("fields %v", got)
	}
}

func TestDefaultSortAndKeys(t *testing.T) {
	if len(shipper.DefaultSort) != 1 || shipper.DefaultSort[0].Property != shipper.SortByCreatedAt ||
		!reflect.DeepEqual(shipper.SortableProperties, []string{"createdAt", "updatedAt"}) || shipper.SortTieBreaker != "shipperId" {
		t.Errorf("sorts: %v %v %v", shipper.DefaultSort, shipper.SortableProperties, shipper.SortTieBreaker)
	}
}

// TestTurnIsFair is the rotation's arithmetic: the turns 0…999 over 7 shippers give six of them
// 143 and one 142, and a turn is always an index into the list.
func TestTurnIsFair(t *testing.T) {
	counts := make([]int, 7)
	for turn := int64(0); turn < 1000; turn++ {
		counts[shipper.Turn(turn, 7)]++
	}
	n142, n143 := 0, 0
	for _, c := range counts {
		switch c {
		case 142:
			n142++
		case 143:
			n143++
		default:
			t.Errorf("a shipper got %d of 1,000", c)
		}
	}
	if n142 != 1 || n143 != 6 {
		t.Errorf("counts %v", counts)
	}
	for _, c := range []struct {
		turn int64
		n    int
		want int
	}{{0, 1, 0}, {5, 1, 0}, {9, 4, 1}, {-1, 3, 2}, {1<<62 + 3, 7, int((1<<62 + 3) % 7)}} {
		if got := shipper.Turn(c.turn, c.n); got != c.want {
			t.Errorf("Turn(%d, %d) = %d, want %d", c.turn, c.n, got, c.want)
		}
	}
}
