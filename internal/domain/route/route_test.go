package route_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/route"
)

var (
	t0     = time.Date(2026, 11, 21, 5, 0, 0, 123456000, time.UTC)
	master = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	other  = uuid.MustParse("00000000-0000-4000-8000-000000000002")
	dep    = uuid.MustParse("10000000-0000-4000-8000-000000000001")
	arr    = uuid.MustParse("20000000-0000-4000-8000-000000000002")

	seoul = geo.Point{Latitude: 37.4742027808565, Longitude: 127.123621185562}
	busan = geo.Point{Latitude: 35.1796, Longitude: 129.0756}
)

func figures() route.Figures { return route.Figures{DistanceKm: 65.3, DurationMinutes: 80} }

func newRoute(t *testing.T) *route.HubRoute {
	t.Helper()
	r, err := route.New(dep, arr, figures(), route.Ends{}, master, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fieldsOf is the fields of a *ValidationError of route.ErrInvalid, failing the test otherwise.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *route.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, route.ErrInvalid) || kernel.KindOf(err) != kernel.Invalid || kernel.CodeOf(err) != "INVALID_BODY" {
		t.Fatalf("%v: not a route validation error", err)
	}
	m := map[string]string{}
	for _, f := range ve.Fields {
		m[f.Field] = f.Message
	}
	return m
}

func TestNewStartsAtVersionOneWithAudit(t *testing.T) {
	// PostgreSQL keeps microseconds in UTC; the route keeps what will be read back.
	r, err := route.New(dep, arr, figures(), route.Ends{}, master, t0.Add(789).In(time.FixedZone("KST", 9*3600)))
	if err != nil {
		t.Fatal(err)
	}
	at := t0
	if r.ID() == uuid.Nil || r.ID().Version() != 7 || r.DepartureHubID() != dep || r.ArrivalHubID() != arr {
		t.Errorf("identity: %v %v %v", r.ID(), r.DepartureHubID(), r.ArrivalHubID())
	}
	if r.DistanceKm() != 65.3 || r.DurationMinutes() != 80 || r.Figures() != figures() {
		t.Errorf("figures: %v", r.Figures())
	}
	if r.Version() != 1 || r.IsDeleted() || r.DeletedAt() != nil || r.DeletedBy() != nil || r.DeletedWith() != nil {
		t.Errorf("state: %+v", r.Snapshot())
	}
	if !r.CreatedAt().Equal(at) || r.CreatedAt() != r.UpdatedAt() || r.CreatedBy() != master || r.UpdatedBy() != master {
		t.Errorf("audit: %+v", r.Snapshot())
	}
	if r.CreatedAt().Location() != time.UTC {
		t.Errorf("not UTC: %v", r.CreatedAt())
	}
}

func TestNewRefusesBadHubsAndActor(t *testing.T) {
	cases := []struct {
		name          string
		departure     uuid.UUID
		arrival       uuid.UUID
		actor         uuid.UUID
		want          []string
		wantInMessage string
	}{
		{"no departure", uuid.Nil, arr, master, []string{"departureHubId"}, "required"},
		{"no arrival", dep, uuid.Nil, master, []string{"arrivalHubId"}, "required"},
		{"no hubs", uuid.Nil, uuid.Nil, master, []string{"departureHubId", "arrivalHubId"}, "required"},
		{"a loop", dep, dep, master, []string{"arrivalHubId"}, "another hub"},
		{"no actor", dep, arr, uuid.Nil, []string{"actor"}, "required"},
	}
	for _, c := range cases {
		r, err := route.New(c.departure, c.arrival, figures(), route.Ends{}, c.actor, t0)
		if r != nil {
			t.Errorf("%s: got a route", c.name)
		}
		got := fieldsOf(t, err)
		if len(got) != len(c.want) {
			t.Errorf("%s: fields %v, want %v", c.name, got, c.want)
		}
		for _, f := range c.want {
			if !strings.Contains(got[f], c.wantInMessage) {
				t.Errorf("%s: %s = %q, want it to say %q", c.name, f, got[f], c.wantInMessage)
			}
		}
	}
}

func TestFigureRanges(t *testing.T) {
	cases := []struct {
		f     route.Figures
		field string // "" when valid
	}{
		{route.Figures{DistanceKm: 0.001, DurationMinutes: 1}, ""},
		{route.Figures{DistanceKm: 2000, DurationMinutes: 10080}, ""},
		{route.Figures{DistanceKm: 65.3, DurationMinutes: 80}, ""},
		{route.Figures{DistanceKm: 80.25, DurationMinutes: 95}, ""},
		{route.Figures{DistanceKm: 1999.999, DurationMinutes: 5}, ""},
		{route.Figures{DistanceKm: 0, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: -1, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: 2000.001, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: 0.0004, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: 65.3001, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: 65.3000000001, DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: math.NaN(), DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: math.Inf(1), DurationMinutes: 80}, "distanceKm"},
		{route.Figures{DistanceKm: 65.3, DurationMinutes: 0}, "durationMinutes"},
		{route.Figures{DistanceKm: 65.3, DurationMinutes: -5}, "durationMinutes"},
		{route.Figures{DistanceKm: 65.3, DurationMinutes: 10081}, "durationMinutes"},
	}
	for _, c := range cases {
		_, err := route.New(dep, arr, c.f, route.Ends{}, master, t0)
		if c.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.f, err)
			}
			continue
		}
		if got := fieldsOf(t, err); len(got) != 1 || got[c.field] == "" {
			t.Errorf("%+v: fields %v, want only %s", c.f, got, c.field)
		}
	}
}

func TestValidationCollectsEveryField(t *testing.T) {
	_, err := route.New(dep, dep, route.Figures{DistanceKm: -1, DurationMinutes: 0}, route.Ends{}, uuid.Nil, t0)
	got := fieldsOf(t, err)
	for _, f := range []string{"arrivalHubId", "distanceKm", "durationMinutes", "actor"} {
		if got[f] == "" {
			t.Errorf("no error for %s in %v", f, got)
		}
	}
}

func TestGreatCircleRule(t *testing.T) {
	gc := geo.DistanceKm(seoul, busan)
	both := route.Ends{Departure: &seoul, Arrival: &busan}
	minKm, ok := route.MinDistanceKm(both)
	if !ok || minKm < gc-1e-6 || minKm > gc+0.001 || minKm != math.Round(minKm*1000)/1000 {
		t.Fatalf("MinDistanceKm = %v %v for a great circle of %v", minKm, ok, gc)
	}
	short := route.Figures{DistanceKm: math.Floor(gc) - 1, DurationMinutes: 300}
	_, err := route.New(dep, arr, short, both, master, t0)
	got := fieldsOf(t, err)
	if len(got) != 1 || !strings.Contains(got["distanceKm"], "great-circle") {
		t.Errorf("short route: %v", got)
	}
	if !strings.Contains(got["distanceKm"], strconv.FormatFloat(minKm, 'f', 3, 64)) {
		t.Errorf("the message %q does not tell the least distance %v", got["distanceKm"], minKm)
	}
	// Unknown locations: nothing to check.
	for _, ends := range []route.Ends{{}, {Departure: &seoul}, {Arrival: &busan}} {
		if _, err := route.New(dep, arr, short, ends, master, t0); err != nil {
			t.Errorf("ends %+v: %v", ends, err)
		}
	}
	// The least distance passes, a metre less does not.
	if _, err := route.New(dep, arr, route.Figures{DistanceKm: minKm, DurationMinutes: 300}, both, master, t0); err != nil {
		t.Errorf("the least distance %v: %v", minKm, err)
	}
	if err := route.CheckGreatCircle(minKm-0.001, both); fieldsOf(t, err)["distanceKm"] == "" {
		t.Errorf("a metre under the least distance passed")
	}
	// The tolerance: float noise passes, a real shortfall does not. The same point at both
	// ends has a great circle of 0, which anything positive passes.
	if err := route.CheckGreatCircle(gc*(1-1e-12), both); err != nil {
		t.Errorf("float noise refused: %v", err)
	}
	if err := route.CheckGreatCircle(gc*(1-1e-8), both); err == nil {
		t.Error("a shortfall of 1e-8 relative passed")
	}
	if err := route.CheckGreatCircle(0.001, route.Ends{Departure: &seoul, Arrival: &seoul}); err != nil {
		t.Errorf("same place: %v", err)
	}
}

// TestMinDistanceKmAlwaysPasses: on random pairs of points, the least distance MinDistanceKm
// tells passes the rule and the metre below it does not, so the seed can rely on it.
func TestMinDistanceKmAlwaysPasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		a := geo.Point{Latitude: rng.Float64()*180 - 90, Longitude: rng.Float64()*360 - 180}
		b := geo.Point{Latitude: a.Latitude + rng.NormFloat64(), Longitude: a.Longitude + rng.NormFloat64()}
		ends := route.Ends{Departure: &a, Arrival: &b}
		m, _ := route.MinDistanceKm(ends)
		if err := route.CheckGreatCircle(m, ends); err != nil {
			t.Fatalf("%v → %v: least distance %v refused: %v", a, b, m, err)
		}
		if m >= 0.001 && route.CheckGreatCircle(m-0.001, ends) == nil {
			t.Fatalf("%v → %v: %v passed, a metre under the least %v", a, b, m-0.001, m)
		}
	}
}

func TestUpdateBumpsVersionAndRecordsWhoAndWhen(t *testing.T) {
	r := newRoute(t)
	at := t0.Add(time.Hour)
	f := route.Figures{DistanceKm: 70.125, DurationMinutes: 85}
	if err := r.Update(f, route.Ends{}, other, at); err != nil {
		t.Fatal(err)
	}
	if r.Version() != 2 || r.Figures() != f || r.UpdatedBy() != other || !r.UpdatedAt().Equal(at) ||
		r.CreatedBy() != master || !r.CreatedAt().Equal(t0) {
		t.Errorf("after update: %+v", r.Snapshot())
	}
	if r.DepartureHubID() != dep || r.ArrivalHubID() != arr {
		t.Error("an update changed the hubs")
	}
}

func TestUpdateWithSameFiguresIsNoChange(t *testing.T) {
	r := newRoute(t)
	if err := r.Update(figures(), route.Ends{}, other, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r.Version() != 1 || r.UpdatedBy() != master || len(r.PendingEvents()) != 1 {
		t.Errorf("no-op update bumped: v%d by %v, %d events", r.Version(), r.UpdatedBy(), len(r.PendingEvents()))
	}
}

func TestInvalidUpdateLeavesRouteAsItWas(t *testing.T) {
	r := newRoute(t)
	before := r.Snapshot()
	both := route.Ends{Departure: &seoul, Arrival: &busan}
	for _, f := range []route.Figures{{DistanceKm: 0, DurationMinutes: 80}, {DistanceKm: 65.3, DurationMinutes: 10081}, {DistanceKm: 300, DurationMinutes: 80}} {
		if err := r.Update(f, both, other, t0.Add(time.Hour)); !errors.Is(err, route.ErrInvalid) {
			t.Errorf("%+v: %v", f, err)
		}
	}
	if err := r.Update(route.Figures{DistanceKm: 70, DurationMinutes: 80}, route.Ends{}, uuid.Nil, t0); fieldsOf(t, err)["actor"] == "" {
		t.Errorf("update without actor: %v", err)
	}
	if !reflect.DeepEqual(r.Snapshot(), before) || len(r.PendingEvents()) != 1 {
		t.Error("failed updates altered the route")
	}
}

// TestUpdateChecksTheGreatCircleWhenTheDistanceChanges: a route whose distance is under the great
// circle (written before a hub moved, or seeded without ends) can have its duration changed, but
// not its distance changed to another one under the great circle.
func TestUpdateChecksTheGreatCircleWhenTheDistanceChanges(t *testing.T) {
	r, err := route.New(dep, arr, route.Figures{DistanceKm: 100, DurationMinutes: 90}, route.Ends{}, master, t0)
	if err != nil {
		t.Fatal(err)
	}
	both := route.Ends{Departure: &seoul, Arrival: &busan} // about 320 km apart
	if err := r.Update(route.Figures{DistanceKm: 100, DurationMinutes: 95}, both, other, t0); err != nil || r.DurationMinutes() != 95 {
		t.Errorf("duration alone: %v", err)
	}
	if err := r.Update(route.Figures{DistanceKm: 101, DurationMinutes: 95}, both, other, t0); fieldsOf(t, err)["distanceKm"] == "" {
		t.Errorf("a new distance under the great circle: %v", err)
	}
	if err := r.Update(route.Figures{DistanceKm: 400, DurationMinutes: 300}, both, other, t0); err != nil || r.Version() != 3 {
		t.Errorf("a new distance over the great circle: %v (v%d)", err, r.Version())
	}
}

func TestCheckSameHubs(t *testing.T) {
	r := newRoute(t)
	d, a, x := dep, arr, uuid.New()
	if err := r.CheckSameHubs(nil, nil); err != nil {
		t.Errorf("nothing given: %v", err)
	}
	if err := r.CheckSameHubs(&d, &a); err != nil {
		t.Errorf("the same hubs: %v", err)
	}
	if got := fieldsOf(t, r.CheckSameHubs(&x, &a)); len(got) != 1 || !strings.Contains(got["departureHubId"], "cannot change") {
		t.Errorf("another departure: %v", got)
	}
	if got := fieldsOf(t, r.CheckSameHubs(&a, &d)); len(got) != 2 {
		t.Errorf("swapped hubs: %v", got)
	}
	if got := fieldsOf(t, r.CheckSameHubs(nil, &x)); len(got) != 1 || got["arrivalHubId"] == "" {
		t.Errorf("another arrival: %v", got)
	}
}

func TestDeleteAndRestore(t *testing.T) {
	r := newRoute(t)
	del := t0.Add(time.Minute)
	if err := r.Delete(other, del); err != nil {
		t.Fatal(err)
	}
	if !r.IsDeleted() || r.Version() != 2 || !r.DeletedAt().Equal(del) || *r.DeletedBy() != other || r.UpdatedBy() != other || r.DeletedWith() != nil {
		t.Errorf("after delete: %+v", r.Snapshot())
	}
	if err := r.Delete(master, del); !errors.Is(err, route.ErrDeleted) {
		t.Errorf("second delete: %v", err)
	}
	if err := r.Update(route.Figures{DistanceKm: 70, DurationMinutes: 80}, route.Ends{}, master, del); !errors.Is(err, route.ErrDeleted) {
		t.Errorf("update of a deleted route: %v", err)
	}
	if err := r.Restore(uuid.Nil, del); fieldsOf(t, err)["actor"] == "" {
		t.Errorf("restore without actor: %v", err)
	}
	if r.Version() != 2 {
		t.Errorf("refused operations bumped the version to %d", r.Version())
	}
	res := t0.Add(2 * time.Minute)
	if err := r.Restore(master, res); err != nil {
		t.Fatal(err)
	}
	if r.IsDeleted() || r.Version() != 3 || r.DeletedAt() != nil || r.DeletedBy() != nil || !r.UpdatedAt().Equal(res) || r.UpdatedBy() != master {
		t.Errorf("after restore: %+v", r.Snapshot())
	}
	if err := r.Restore(master, res); !errors.Is(err, route.ErrNotDeleted) {
		t.Errorf("restore of a live route: %v", err)
	}
	if err := r.Delete(uuid.Nil, res); fieldsOf(t, err)["actor"] == "" || r.IsDeleted() {
		t.Errorf("delete without actor: %v", err)
	}
}

func TestCascadeMarksAndRestoresOnlyItsRoutes(t *testing.T) {
	r := newRoute(t)
	mark := route.Cascade{HubID: arr, HubVersion: 4}
	if err := r.DeleteWithHub(route.Cascade{HubID: uuid.New(), HubVersion: 4}, master, t0); fieldsOf(t, err)["hubId"] == "" {
		t.Errorf("a hub that is no end of the route: %v", err)
	}
	if err := r.DeleteWithHub(route.Cascade{HubID: arr}, master, t0); !errors.Is(err, route.ErrInvalid) {
		t.Errorf("a mark without a version: %v", err)
	}
	if r.IsDeleted() || r.Version() != 1 {
		t.Fatal("refused cascades deleted the route")
	}
	if err := r.DeleteWithHub(mark, other, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if !r.IsDeleted() || r.Version() != 2 || *r.DeletedWith() != mark || *r.DeletedBy() != other {
		t.Errorf("after the cascade: %+v", r.Snapshot())
	}
	if err := r.DeleteWithHub(mark, other, t0); !errors.Is(err, route.ErrDeleted) {
		t.Errorf("second cascade: %v", err)
	}
	// Another deletion of the same hub, or of the other hub, is not the one that removed it.
	for _, c := range []route.Cascade{{HubID: arr, HubVersion: 6}, {HubID: dep, HubVersion: 4}} {
		if err := r.RestoreWithHub(c, master, t0); !errors.Is(err, route.ErrNotDeletedWithHub) || kernel.CodeOf(err) != "ROUTE_NOT_DELETED" {
			t.Errorf("restore with %+v: %v", c, err)
		}
	}
	if err := r.RestoreWithHub(mark, master, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if r.IsDeleted() || r.Version() != 3 || r.DeletedWith() != nil {
		t.Errorf("after the hub's restore: %+v", r.Snapshot())
	}
	if err := r.RestoreWithHub(mark, master, t0); !errors.Is(err, route.ErrNotDeleted) {
		t.Errorf("restore of a live route with its hub: %v", err)
	}
	// A route deleted by itself is not the cascade's to restore; restoring it by hand clears a mark.
	if err := r.Delete(master, t0); err != nil {
		t.Fatal(err)
	}
	if err := r.RestoreWithHub(mark, master, t0); !errors.Is(err, route.ErrNotDeletedWithHub) {
		t.Errorf("cascade restore of a route deleted by hand: %v", err)
	}
	if err := r.Restore(master, t0); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteWithHub(mark, master, t0); err != nil {
		t.Fatal(err)
	}
	if err := r.Restore(master, t0); err != nil || r.DeletedWith() != nil {
		t.Errorf("restore by hand kept the mark %v: %v", r.DeletedWith(), err)
	}
}

func TestCheckVersion(t *testing.T) {
	r := newRoute(t)
	if err := r.CheckVersion(1); err != nil {
		t.Errorf("current version: %v", err)
	}
	err := r.CheckVersion(7)
	var vm *route.VersionMismatchError
	if !errors.As(err, &vm) || vm.Current != 1 || !errors.Is(err, route.ErrVersionMismatch) ||
		kernel.KindOf(err) != kernel.FailedPrecondition || kernel.CodeOf(err) != "VERSION_MISMATCH" {
		t.Errorf("stale version: %v", err)
	}
	if !strings.Contains(err.Error(), "version 1") {
		t.Errorf("message %q does not tell the current version", err)
	}
	// As for hubs, the HTTP answer carries the current version as the ETag and says it.
	var versioner kernel.Versioner
	var detailer kernel.Detailer
	if !errors.As(err, &versioner) || versioner.CurrentVersion() != 1 ||
		!errors.As(err, &detailer) || !strings.Contains(detailer.Detail(), "the route is at version 1") {
		t.Errorf("stale version %v is no kernel.Versioner and kernel.Detailer naming version 1", err)
	}
	var hubs *hub.VersionMismatchError
	if errors.As(err, &hubs) {
		t.Error("a route's version mismatch matches the hub's error type")
	}
}

func TestErrorKindsAndCodes(t *testing.T) {
	holder := uuid.New()
	cases := []struct {
		err  error
		kind kernel.Kind
		code string
	}{
		{route.ErrNotFound, kernel.NotFound, "ROUTE_NOT_FOUND"},
		{route.ErrExists, kernel.Conflict, "ROUTE_EXISTS"},
		{&route.ExistsError{Holder: holder}, kernel.Conflict, "ROUTE_EXISTS"},
		{route.ErrDeleted, kernel.Conflict, "ROUTE_DELETED"},
		{route.ErrNotDeleted, kernel.Conflict, "ROUTE_NOT_DELETED"},
		{route.ErrVersionMismatch, kernel.FailedPrecondition, "VERSION_MISMATCH"},
		{route.ErrInvalid, kernel.Invalid, "INVALID_BODY"},
		{route.ErrDepartureHubNotFound, kernel.Unprocessable, "HUB_NOT_FOUND"},
		{route.ErrArrivalHubNotFound, kernel.Unprocessable, "HUB_NOT_FOUND"},
		{route.ErrHubsNotFound, kernel.Unprocessable, "HUB_NOT_FOUND"},
	}
	for _, c := range cases {
		if kernel.KindOf(c.err) != c.kind || kernel.CodeOf(c.err) != c.code {
			t.Errorf("%v: %v %q, want %v %q", c.err, kernel.KindOf(c.err), kernel.CodeOf(c.err), c.kind, c.code)
		}
	}
	if e := (&route.ExistsError{Holder: holder}); !errors.Is(e, route.ErrExists) || !strings.Contains(e.Error(), holder.String()) {
		t.Errorf("ExistsError: %v", e)
	}
	if e := (&route.ExistsError{}); e.Error() != route.ErrExists.Error() {
		t.Errorf("ExistsError without holder: %v", e)
	}
}

func TestHubNotFoundNamesTheField(t *testing.T) {
	fields := func(err error) []string {
		var ke *kernel.Error
		if !errors.As(err, &ke) {
			t.Fatalf("%v is no kernel error", err)
		}
		var names []string
		for _, f := range ke.Fields() {
			names = append(names, f.Field)
		}
		return names
	}
	if err := route.HubNotFound(false, false); err != nil {
		t.Errorf("both there: %v", err)
	}
	cases := []struct {
		dep, arr bool
		want     error
		fields   []string
	}{
		{true, false, route.ErrDepartureHubNotFound, []string{"departureHubId"}},
		{false, true, route.ErrArrivalHubNotFound, []string{"arrivalHubId"}},
		{true, true, route.ErrHubsNotFound, []string{"departureHubId", "arrivalHubId"}},
	}
	for _, c := range cases {
		err := route.HubNotFound(c.dep, c.arr)
		if !errors.Is(err, c.want) || !reflect.DeepEqual(fields(err), c.fields) || kernel.CodeOf(err) != "HUB_NOT_FOUND" {
			t.Errorf("HubNotFound(%v, %v) = %v %v", c.dep, c.arr, err, fields(err))
		}
	}
}

func TestAccessorsReturnCopies(t *testing.T) {
	r := newRoute(t)
	if err := r.DeleteWithHub(route.Cascade{HubID: dep, HubVersion: 2}, master, t0); err != nil {
		t.Fatal(err)
	}
	*r.DeletedBy() = uuid.Nil
	*r.DeletedAt() = time.Time{}
	r.DeletedWith().HubVersion = 99
	s := r.Snapshot()
	*s.DeletedBy = uuid.Nil
	s.DeletedWith.HubID = uuid.Nil
	if *r.DeletedBy() != master || r.DeletedAt().IsZero() || *r.DeletedWith() != (route.Cascade{HubID: dep, HubVersion: 2}) {
		t.Errorf("the route changed through its accessors: %+v", r.Snapshot())
	}
}

func TestUnmarshalRoundTripAndRejectsCorruptState(t *testing.T) {
	r := newRoute(t)
	if err := r.DeleteWithHub(route.Cascade{HubID: arr, HubVersion: 3}, other, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	back, err := route.UnmarshalFromDatabase(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Snapshot(), s) || len(back.PendingEvents()) != 0 {
		t.Errorf("round trip: %+v, want %+v", back.Snapshot(), s)
	}
	local := s
	at := t0.In(time.FixedZone("KST", 9*3600))
	local.CreatedAt, local.UpdatedAt, local.DeletedAt = at, at, &at
	if back, _ := route.UnmarshalFromDatabase(local); back.CreatedAt().Location() != time.UTC || back.DeletedAt().Location() != time.UTC ||
		!back.CreatedAt().Equal(t0) {
		t.Errorf("times not normalized: %v %v", back.CreatedAt(), back.DeletedAt())
	}
	corrupt := []func(*route.Snapshot){
		func(s *route.Snapshot) { s.ID = uuid.Nil },
		func(s *route.Snapshot) { s.DepartureHubID = uuid.Nil },
		func(s *route.Snapshot) { s.ArrivalHubID = uuid.Nil },
		func(s *route.Snapshot) { s.ArrivalHubID = s.DepartureHubID },
		func(s *route.Snapshot) { s.Version = 0 },
		func(s *route.Snapshot) { s.DeletedAt = nil },
		func(s *route.Snapshot) { s.Deleted, s.DeletedAt, s.DeletedBy = false, nil, nil }, // mark on a live route
	}
	for i, f := range corrupt {
		c := s
		f(&c)
		if _, err := route.UnmarshalFromDatabase(c); !errors.Is(err, route.ErrCorruptState) {
			t.Errorf("corruption %d: %v", i, err)
		}
	}
	// Looser old rules stay readable: a distance with four decimals.
	old := s
	old.Figures.DistanceKm = 65.3001
	if _, err := route.UnmarshalFromDatabase(old); err != nil {
		t.Errorf("old figures: %v", err)
	}
}

func TestEveryChangeRecordsOneEvent(t *testing.T) {
	r := newRoute(t)
	steps := []func() error{
		func() error {
			return r.Update(route.Figures{DistanceKm: 66, DurationMinutes: 81}, route.Ends{}, other, t0.Add(1*time.Minute))
		},
		func() error { return r.Delete(other, t0.Add(2*time.Minute)) },
		func() error { return r.Restore(master, t0.Add(3*time.Minute)) },
		func() error {
			return r.DeleteWithHub(route.Cascade{HubID: dep, HubVersion: 2}, other, t0.Add(4*time.Minute))
		},
		func() error {
			return r.RestoreWithHub(route.Cascade{HubID: dep, HubVersion: 2}, master, t0.Add(5*time.Minute))
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	want := []route.EventType{route.Created, route.Updated, route.Deleted, route.Restored, route.Deleted, route.Restored}
	evs := r.PendingEvents()
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d", len(evs), len(want))
	}
	seen := map[uuid.UUID]bool{}
	for i, e := range evs {
		if e.Type != want[i] || e.Version != int64(i+1) || e.RecordID != r.ID() || e.State.Version != e.Version ||
			e.State.Deleted != (e.Type == route.Deleted) || !e.OccurredAt.Equal(e.State.UpdatedAt) || e.Actor != e.State.UpdatedBy || seen[e.ID] {
			t.Errorf("event %d: %+v", i, e)
		}
		seen[e.ID] = true
	}
	if evs[1].State.Figures.DistanceKm != 66 || evs[0].State.Figures.DistanceKm != 65.3 {
		t.Errorf("events carry the wrong state: %v %v", evs[0].State.Figures, evs[1].State.Figures)
	}
	if string(route.Created) != "hub-route.created" || string(route.Updated) != "hub-route.updated" ||
		string(route.Deleted) != "hub-route.deleted" || string(route.Restored) != "hub-route.restored" {
		t.Error("event type names differ from the contract")
	}
	evs[0].Type = "x"
	if r.PendingEvents()[0].Type != route.Created {
		t.Error("PendingEvents shares its storage")
	}
}

func TestSearchConditionMatches(t *testing.T) {
	r := newRoute(t)
	x := uuid.New()
	d, a := dep, arr
	cases := []struct {
		c    route.SearchCondition
		want bool
	}{
		{route.SearchCondition{}, true},
		{route.SearchCondition{Deleted: true}, false},
		{route.SearchCondition{DepartureHubID: &d}, true},
		{route.SearchCondition{DepartureHubID: &a}, false},
		{route.SearchCondition{ArrivalHubID: &a}, true},
		{route.SearchCondition{ArrivalHubID: &x}, false},
		{route.SearchCondition{HubID: &d}, true},
		{route.SearchCondition{HubID: &a}, true},
		{route.SearchCondition{HubID: &x}, false},
		{route.SearchCondition{DepartureHubID: &d, HubID: &a}, true},
		{route.SearchCondition{DepartureHubID: &d, ArrivalHubID: &x}, false},
	}
	for i, c := range cases {
		if got := c.c.Matches(r); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
	if err := r.Delete(master, t0); err != nil {
		t.Fatal(err)
	}
	if !(route.SearchCondition{Deleted: true, HubID: &a}).Matches(r) || (route.SearchCondition{}).Matches(r) {
		t.Error("Deleted does not select the deleted routes only")
	}
}

func TestSortVocabulary(t *testing.T) {
	if !reflect.DeepEqual(route.SortableProperties, []string{"distanceKm", "durationMinutes", "createdAt"}) ||
		route.SortTieBreaker != "routeId" || len(route.DefaultSort) != 1 ||
		route.DefaultSort[0].Property != "createdAt" || route.DefaultSort[0].Direction.String() != "desc" {
		t.Errorf("sort vocabulary: %v %v %v", route.SortableProperties, route.SortTieBreaker, route.DefaultSort)
	}
}
