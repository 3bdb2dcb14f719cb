package record_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/record"
)

// thing is a test aggregate's subject, as an aggregate package declares one.
type thing struct{}

var (
	errInvalid    = kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid thing")
	errDeleted    = kernel.NewError(kernel.Conflict, "THING_DELETED", "thing is deleted")
	errNotDeleted = kernel.NewError(kernel.Conflict, "THING_NOT_DELETED", "thing is not deleted")
	errVersion    = kernel.NewError(kernel.FailedPrecondition, "VERSION_MISMATCH", "thing version mismatch")
)

func (thing) Sentinels() record.Sentinels {
	return record.Sentinels{Noun: "thing", Invalid: errInvalid, Deleted: errDeleted, NotDeleted: errNotDeleted, VersionMismatch: errVersion}
}

// other is a second subject: its version error must be a type of its own.
type other struct{}

func (other) Sentinels() record.Sentinels { return record.Sentinels{Noun: "other"} }

var (
	alice = uuid.MustParse("00000000-0000-4000-8000-00000000000a")
	bob   = uuid.MustParse("00000000-0000-4000-8000-00000000000b")
	// a time PostgreSQL would not keep as it is: nanoseconds, and not UTC.
	t0 = time.Date(2026, 11, 21, 14, 0, 0, 123456789, time.FixedZone("KST", 9*3600))
)

func TestNormalizeTimeKeepsWhatPostgresKeeps(t *testing.T) {
	got := record.NormalizeTime(t0)
	want := time.Date(2026, 11, 21, 5, 0, 0, 123456000, time.UTC)
	if got != want || got.Location() != time.UTC {
		t.Errorf("NormalizeTime(%v) = %v, want %v in UTC", t0, got, want)
	}
}

func TestLifecycleBumpsVersionAndRecordsWhoAndWhen(t *testing.T) {
	a := record.Start[thing](alice, t0)
	at0 := record.NormalizeTime(t0)
	if a.Version() != 1 || a.IsDeleted() || a.CreatedAt() != at0 || a.UpdatedAt() != at0 ||
		a.CreatedBy() != alice || a.UpdatedBy() != alice || a.DeletedAt() != nil || a.DeletedBy() != nil {
		t.Fatalf("Start: %+v", record.FieldsOf(&a))
	}
	if err := record.CheckChange(&a); err != nil {
		t.Fatalf("CheckChange of a live record: %v", err)
	}
	record.Touch(&a, bob, t0.Add(time.Minute))
	if a.Version() != 2 || a.UpdatedBy() != bob || a.UpdatedAt() != at0.Add(time.Minute) || a.CreatedBy() != alice || a.CreatedAt() != at0 {
		t.Fatalf("Touch: %+v", record.FieldsOf(&a))
	}

	if err := record.Delete(&a, alice, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !a.IsDeleted() || a.Version() != 3 || *a.DeletedAt() != at0.Add(time.Hour) || *a.DeletedBy() != alice ||
		a.UpdatedAt() != at0.Add(time.Hour) || a.UpdatedBy() != alice {
		t.Fatalf("Delete: %+v", record.FieldsOf(&a))
	}
	// The accessors hand out copies: writing through them changes nothing.
	*a.DeletedAt() = time.Time{}
	*a.DeletedBy() = uuid.Nil
	if *a.DeletedAt() != at0.Add(time.Hour) || *a.DeletedBy() != alice {
		t.Error("DeletedAt or DeletedBy let a caller change the record")
	}
	if err := record.Delete(&a, alice, t0); !errors.Is(err, errDeleted) || a.Version() != 3 {
		t.Errorf("Delete of a deleted record: %v at version %d, want the Deleted sentinel at 3", err, a.Version())
	}
	if err := record.CheckChange(&a); !errors.Is(err, errDeleted) {
		t.Errorf("CheckChange of a deleted record: %v", err)
	}

	if err := record.Restore(&a, bob, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if a.IsDeleted() || a.Version() != 4 || a.DeletedAt() != nil || a.DeletedBy() != nil || a.UpdatedBy() != bob {
		t.Fatalf("Restore: %+v", record.FieldsOf(&a))
	}
	if err := record.Restore(&a, bob, t0); !errors.Is(err, errNotDeleted) || a.Version() != 4 {
		t.Errorf("Restore of a live record: %v at version %d, want the NotDeleted sentinel at 4", err, a.Version())
	}
}

func TestTransitionsRefuseAMissingActor(t *testing.T) {
	a := record.Start[thing](alice, t0)
	assertActorRequired(t, "Delete", record.Delete(&a, uuid.Nil, t0))
	if err := record.Delete(&a, alice, t0); err != nil {
		t.Fatal(err)
	}
	assertActorRequired(t, "Restore", record.Restore(&a, uuid.Nil, t0))
	if a.Version() != 2 || !a.IsDeleted() {
		t.Errorf("a refused transition changed the record: %+v", record.FieldsOf(&a))
	}
	var v kernel.Validator
	record.CheckActor(&v, alice)
	if v.Len() != 0 {
		t.Error("CheckActor refused a real actor")
	}
}

func assertActorRequired(t *testing.T, op string, err error) {
	t.Helper()
	var ve *kernel.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, errInvalid) || len(ve.Fields) != 1 || ve.Fields[0] != (kernel.FieldError{Field: "actor", Message: "is required"}) {
		t.Errorf("%s without an actor: %v, want a validation error of the aggregate naming actor", op, err)
	}
}

func TestLoadChecksInvariantsAndRoundTrips(t *testing.T) {
	a := record.Start[thing](alice, t0)
	if err := record.Delete(&a, bob, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	f := record.FieldsOf(&a)
	// Times read back in another zone and with a finer clock are normalized on load.
	raw := f
	at := t0.Add(time.Hour)
	raw.CreatedAt, raw.UpdatedAt, raw.DeletedAt = t0, at, &at
	back, err := record.Load[thing](raw)
	if err != nil || !reflect.DeepEqual(record.FieldsOf(&back), f) {
		t.Fatalf("Load: %+v, %v; want %+v", record.FieldsOf(&back), err, f)
	}
	for name, bad := range map[string]record.Fields{
		"version 0":                {Version: 0, CreatedBy: alice},
		"deleted without the time": {Version: 2, Deleted: true},
		"a time without deleted":   {Version: 2, DeletedAt: &at},
	} {
		if _, err := record.Load[thing](bad); !errors.Is(err, record.ErrCorruptFields) {
			t.Errorf("%s: %v, want ErrCorruptFields", name, err)
		}
	}
}

func TestVersionMismatchErrorIsTheAggregates(t *testing.T) {
	a := record.Start[thing](alice, t0)
	if err := a.CheckVersion(1); err != nil {
		t.Errorf("CheckVersion(current) = %v", err)
	}
	err := a.CheckVersion(7)
	var vm *record.VersionMismatchError[thing]
	if !errors.As(err, &vm) || vm.Current != 1 || !errors.Is(err, errVersion) || kernel.CodeOf(err) != "VERSION_MISMATCH" {
		t.Fatalf("CheckVersion(stale) = %v", err)
	}
	var versioner kernel.Versioner
	var detailer kernel.Detailer
	if !errors.As(err, &versioner) || versioner.CurrentVersion() != 1 || !errors.As(err, &detailer) ||
		detailer.Detail() != "the thing is at version 1, not the one If-Match names" {
		t.Errorf("not a Versioner and Detailer with the current version: %v", err)
	}
	if err.Error() != "thing version mismatch: the thing is at version 1" {
		t.Errorf("Error() = %q", err.Error())
	}
	var others *record.VersionMismatchError[other]
	if errors.As(err, &others) {
		t.Error("one aggregate's version error matches another's type")
	}
}

func TestEventsAndOccurrence(t *testing.T) {
	a := record.Start[thing](alice, t0)
	record.Touch(&a, bob, t0.Add(time.Minute))
	o1, o2 := record.OccurrenceOf(&a), record.OccurrenceOf(&a)
	if o1.Version != 2 || o1.Actor != bob || o1.OccurredAt != a.UpdatedAt() || o1.ID.Version() != 7 || o1.ID == o2.ID {
		t.Errorf("OccurrenceOf: %+v and %+v", o1, o2)
	}
	var evs record.Events[record.Event[string, int]]
	record.Emit(&evs, &a, "thing.updated", alice, 7)
	if got := evs.Pending(); len(got) != 1 || got[0].Type != "thing.updated" || got[0].RecordID != alice ||
		got[0].State != 7 || got[0].Version != 2 || got[0].Actor != bob {
		t.Errorf("Emit: %+v", got)
	}
	var l record.Events[int]
	if len(l.Pending()) != 0 {
		t.Error("the zero Events is not empty")
	}
	l.Add(1)
	l.Add(2)
	p := l.Pending()
	p[0] = 9
	if got := l.Pending(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("Pending = %v, want [1 2], a copy", got)
	}
	if record.CopyPtr[int](nil) != nil {
		t.Error("CopyPtr(nil) is not nil")
	}
}
