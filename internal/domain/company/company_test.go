package company_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/kernel"
)

var (
	alice   = uuid.MustParse("00000000-0000-4000-8000-00000000000a")
	bob     = uuid.MustParse("00000000-0000-4000-8000-00000000000b")
	manager = uuid.MustParse("00000000-0000-4000-8000-0000000000c1")
	hubA    = uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	hubB    = uuid.MustParse("00000000-0000-4000-8000-0000000000b1")
	t0      = time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.UTC)
)

func details() company.Details {
	m := manager
	return company.Details{Name: "  한빛\u3000물류  ", HubID: hubA, ManagerID: &m,
		Address: company.Address{ZipCode: "04524", Address1: "서울특별시 중구 세종대로 110"}}
}

func newCompany(t *testing.T) *company.Company {
	t.Helper()
	c, err := company.New(details(), alice, t0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fieldsOf(t *testing.T, err error) []kernel.FieldError {
	t.Helper()
	var ve *company.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, company.ErrInvalid) || kernel.CodeOf(err) != "INVALID_BODY" {
		t.Fatalf("%v is not a company validation error", err)
	}
	return ve.Fields
}

func TestNewNormalizesTheNameAndRecordsCreated(t *testing.T) {
	c := newCompany(t)
	if c.Name() != "한빛 물류" || c.HubID() != hubA || *c.ManagerID() != manager || c.Address().Address1 != "서울특별시 중구 세종대로 110" ||
		c.Version() != 1 || c.IsDeleted() || c.ID().Version() != 7 || c.CreatedBy() != alice {
		t.Fatalf("New: %+v", c.Snapshot())
	}
	*c.ManagerID() = bob
	d := c.Details()
	*d.ManagerID = bob
	if *c.ManagerID() != manager {
		t.Error("ManagerID or Details let a caller change the company")
	}
	ev := c.PendingEvents()
	if len(ev) != 1 || ev[0].Type != company.Created || ev[0].RecordID != c.ID() || ev[0].Version != 1 ||
		!reflect.DeepEqual(ev[0].State, c.Snapshot()) {
		t.Errorf("events: %+v", ev)
	}
	if company.NameKey("ＨＡＮ  Bit") != "han bit" {
		t.Errorf("NameKey = %q", company.NameKey("ＨＡＮ  Bit"))
	}
}

func TestNewNamesEveryBrokenRule(t *testing.T) {
	nilID := uuid.Nil
	_, err := company.New(company.Details{Name: "a\u202eb", ManagerID: &nilID,
		Address: company.Address{ZipCode: strings.Repeat("1", 11), Address2: strings.Repeat("x", 201)}}, uuid.Nil, t0)
	var got []string
	for _, f := range fieldsOf(t, err) {
		got = append(got, f.Field)
	}
	want := []string{"companyName", "hubId", "companyManagerId", "address.address1", "address.address2", "address.zipCode", "actor"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	for name, bad := range map[string]string{"empty": " ", "invisible": "\u200b", "101 characters": strings.Repeat("가", 101)} {
		d := details()
		d.Name = bad
		if _, err := company.New(d, alice, t0); len(fieldsOf(t, err)) != 1 {
			t.Errorf("%s name: %v", name, err)
		}
	}
	d := details()
	d.Name = strings.Repeat("가", 100)
	d.Address = company.Address{ZipCode: "1234567890", Address1: strings.Repeat("가", 200), Address2: strings.Repeat("가", 200)}
	if _, err := company.New(d, alice, t0); err != nil {
		t.Errorf("every field at its limit: %v", err)
	}
}

func TestChangeMovesRenamesAndSkipsEqualDetails(t *testing.T) {
	c := newCompany(t)
	same := details() // the raw spelling of the same name: not a change once normalized
	if err := c.Change(same, bob, t0.Add(time.Minute)); err != nil || c.Version() != 1 || len(c.PendingEvents()) != 1 {
		t.Fatalf("equal details changed the company: %v, version %d", err, c.Version())
	}
	d := c.Details()
	d.HubID, d.ManagerID, d.Name = hubB, nil, "새 이름"
	if err := c.Change(d, bob, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if c.HubID() != hubB || c.ManagerID() != nil || c.Name() != "새 이름" || c.Version() != 2 || c.UpdatedBy() != bob {
		t.Fatalf("after Change: %+v", c.Snapshot())
	}
	if ev := c.PendingEvents(); len(ev) != 2 || ev[1].Type != company.Updated || ev[1].State.Details.HubID != hubB {
		t.Errorf("events: %+v", ev)
	}
	d.Address.Address1 = ""
	if got := fieldsOf(t, c.Change(d, bob, t0)); len(got) != 1 || got[0].Field != "address.address1" || c.Version() != 2 {
		t.Errorf("an invalid change: %v at version %d", got, c.Version())
	}
}

func TestManagerMayChangeOnlyTheirCompanysNameAndAddress(t *testing.T) {
	c := newCompany(t)
	other := bob
	rename := c.Details()
	rename.Name, rename.Address.Address2 = "새 이름", "3층"
	move := c.Details()
	move.HubID = hubB
	handOver := c.Details()
	handOver.ManagerID = &other
	drop := c.Details()
	drop.ManagerID = nil
	for _, tc := range []struct {
		name    string
		manager uuid.UUID
		next    company.Details
		want    error
	}{
		{"their name and address", manager, rename, nil},
		{"nothing", manager, c.Details(), nil},
		{"another company's", bob, rename, company.ErrNotTheirCompany},
		{"the nil user", uuid.Nil, rename, company.ErrNotTheirCompany},
		{"a move", manager, move, company.ErrOnlyNameAndAddress},
		{"a hand-over", manager, handOver, company.ErrOnlyNameAndAddress},
		{"dropping the manager", manager, drop, company.ErrOnlyNameAndAddress},
	} {
		err := c.ManagerMayChange(tc.manager, tc.next)
		if !errors.Is(err, tc.want) || err != nil && (kernel.KindOf(err) != kernel.Forbidden || kernel.CodeOf(err) != "FORBIDDEN") {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	d := c.Details()
	d.ManagerID = nil
	if err := c.Change(d, alice, t0); err != nil {
		t.Fatal(err)
	}
	if err := c.ManagerMayChange(manager, c.Details()); !errors.Is(err, company.ErrNotTheirCompany) {
		t.Errorf("a company without a manager: %v", err)
	}
}

func TestLifecycleAndItsErrors(t *testing.T) {
	c := newCompany(t)
	if err := c.Delete(bob, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !c.IsDeleted() || c.Version() != 2 || *c.DeletedBy() != bob {
		t.Fatalf("after Delete: %+v", c.Snapshot())
	}
	for name, err := range map[string]error{"delete again": c.Delete(bob, t0), "change": c.Change(details(), bob, t0)} {
		if !errors.Is(err, company.ErrDeleted) || kernel.CodeOf(err) != "COMPANY_DELETED" || kernel.KindOf(err) != kernel.Conflict {
			t.Errorf("%s of a deleted company: %v", name, err)
		}
	}
	if err := c.Restore(alice, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.Restore(alice, t0); !errors.Is(err, company.ErrNotDeleted) || kernel.CodeOf(err) != "COMPANY_NOT_DELETED" {
		t.Errorf("restore of a live company: %v", err)
	}
	var types []company.EventType
	for _, e := range c.PendingEvents() {
		types = append(types, e.Type)
	}
	if want := []company.EventType{company.Created, company.Deleted, company.Restored}; !reflect.DeepEqual(types, want) {
		t.Errorf("events %v, want %v", types, want)
	}
	var vm *company.VersionMismatchError
	if err := c.CheckVersion(1); !errors.As(err, &vm) || vm.Current != 3 || kernel.CodeOf(err) != "VERSION_MISMATCH" {
		t.Errorf("CheckVersion(1) = %v", err)
	}
}

func TestErrorsHaveTheContractsKindsCodesAndHolder(t *testing.T) {
	for _, c := range []struct {
		err  error
		kind kernel.Kind
		code string
	}{
		{company.ErrNotFound, kernel.NotFound, "COMPANY_NOT_FOUND"},
		{company.ErrNameTaken, kernel.Conflict, "COMPANY_NAME_TAKEN"},
		{company.ErrDeleted, kernel.Conflict, "COMPANY_DELETED"},
		{company.ErrNotDeleted, kernel.Conflict, "COMPANY_NOT_DELETED"},
		{company.ErrVersionMismatch, kernel.FailedPrecondition, "VERSION_MISMATCH"},
		{company.ErrInvalid, kernel.Invalid, "INVALID_BODY"},
		{company.ErrHubNotFound, kernel.Unprocessable, "HUB_NOT_FOUND"},
		{&company.NameTakenError{HolderID: bob}, kernel.Conflict, "COMPANY_NAME_TAKEN"},
	} {
		if kernel.KindOf(c.err) != c.kind || kernel.CodeOf(c.err) != c.code {
			t.Errorf("%v: %v %q, want %v %q", c.err, kernel.KindOf(c.err), kernel.CodeOf(c.err), c.kind, c.code)
		}
	}
	if f := company.ErrHubNotFound.Fields(); len(f) != 1 || f[0].Field != "hubId" {
		t.Errorf("HUB_NOT_FOUND names %v", f)
	}
	var err error = &company.NameTakenError{HolderID: bob}
	var h kernel.Holder
	var d kernel.Detailer
	if !errors.As(err, &h) || !errors.As(err, &d) || !errors.Is(err, company.ErrNameTaken) {
		t.Fatalf("NameTakenError is not a Holder and Detailer of ErrNameTaken")
	}
	if p, id := h.Holder(); p != "companyId" || id != bob.String() || d.Detail() != "company "+bob.String()+" already has this name" {
		t.Errorf("Holder = %s %s, Detail = %q", p, id, d.Detail())
	}
	unknown := &company.NameTakenError{}
	if p, id := unknown.Holder(); p != "companyId" || id != "" || unknown.Detail() != company.ErrNameTaken.Detail() || unknown.Error() != company.ErrNameTaken.Error() {
		t.Errorf("an unknown holder: %s %q %q", p, id, unknown.Detail())
	}
}

func TestUnmarshalRoundTripsAndRefusesCorruption(t *testing.T) {
	c := newCompany(t)
	if err := c.Delete(bob, t0); err != nil {
		t.Fatal(err)
	}
	back, err := company.UnmarshalFromDatabase(c.Snapshot())
	if err != nil || !reflect.DeepEqual(back.Snapshot(), c.Snapshot()) || len(back.PendingEvents()) != 0 {
		t.Fatalf("round trip: %v", err)
	}
	for name, mutate := range map[string]func(*company.Snapshot){
		"no id":                     func(s *company.Snapshot) { s.ID = uuid.Nil },
		"no hub":                    func(s *company.Snapshot) { s.Details.HubID = uuid.Nil },
		"version 0":                 func(s *company.Snapshot) { s.Version = 0 },
		"live with a deletion time": func(s *company.Snapshot) { s.Deleted = false },
	} {
		s := c.Snapshot()
		mutate(&s)
		if _, err := company.UnmarshalFromDatabase(s); !errors.Is(err, company.ErrCorruptState) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSearchConditionMatchesEveryFilter(t *testing.T) {
	c := newCompany(t)
	id, other, hub, m := c.ID(), bob, hubA, manager
	const hubName = "서울특별시 센터"
	for _, tc := range []struct {
		cond company.SearchCondition
		want bool
	}{
		{company.SearchCondition{}, true},
		{company.SearchCondition{Deleted: true}, false},
		{company.SearchCondition{CompanyID: &id}, true},
		{company.SearchCondition{CompanyID: &other}, false},
		{company.SearchCondition{HubID: &hub}, true},
		{company.SearchCondition{HubID: &other}, false},
		{company.SearchCondition{ManagerID: &m}, true},
		{company.SearchCondition{ManagerID: &other}, false},
		{company.SearchCondition{NamePrefix: "한빛 "}, true},
		{company.SearchCondition{NamePrefix: "한빛물"}, false},
		{company.SearchCondition{HubNamePrefix: "서울"}, true},
		{company.SearchCondition{HubNamePrefix: "부산"}, false},
		{company.SearchCondition{NamePrefix: "한빛", HubNamePrefix: "부산"}, false},
		{company.SearchCondition{CompanyID: &id, HubID: &hub, ManagerID: &m, NamePrefix: "한", HubNamePrefix: "서울특별시 "}, true},
	} {
		if got := tc.cond.Matches(c, hubName); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.cond, got, tc.want)
		}
	}
	d := c.Details()
	d.ManagerID = nil
	if err := c.Change(d, alice, t0); err != nil {
		t.Fatal(err)
	}
	if (company.SearchCondition{ManagerID: &m}).Matches(c, hubName) {
		t.Error("a company without a manager matches a manager filter")
	}
}

func TestSearchConditionValidateAndSorts(t *testing.T) {
	if err := (company.SearchCondition{NamePrefix: "한", HubNamePrefix: "서울"}).Validate(); err != nil {
		t.Error(err)
	}
	got := fieldsOf(t, company.SearchCondition{NamePrefix: "\u200b", HubNamePrefix: "a\x00"}.Validate())
	if len(got) != 2 || got[0].Field != "companyName" || got[1].Field != "hubName" {
		t.Errorf("fields %v", got)
	}
	if !reflect.DeepEqual(company.SortableProperties, []string{"companyName", "createdAt", "updatedAt"}) ||
		company.SortTieBreaker != "companyId" || company.DefaultSort[0].Property != company.SortByCreatedAt {
		t.Errorf("sorts: %v %v %v", company.SortableProperties, company.SortTieBreaker, company.DefaultSort)
	}
}
