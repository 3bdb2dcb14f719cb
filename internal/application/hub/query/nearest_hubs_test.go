package query_test

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// TestNearestHubsValidation: every parameter out of range is named, all at once, as an
// INVALID_PARAMETER validation error, for every role (the query is checked as sent, before the
// caller's rights); the bounds themselves are accepted.
func TestNearestHubsValidation(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	e.Create(t, apptest.Details("근처 허브", nil))
	nan := math.NaN()
	bad := []struct {
		q      query.NearestHubs
		fields []string
	}{
		{query.NearestHubs{Latitude: 90.000001, Longitude: 0, Limit: 5}, []string{"latitude"}},
		{query.NearestHubs{Latitude: -91, Longitude: 0, Limit: 5}, []string{"latitude"}},
		{query.NearestHubs{Latitude: nan, Longitude: 0, Limit: 5}, []string{"latitude"}},
		{query.NearestHubs{Latitude: 0, Longitude: 180.5, Limit: 5}, []string{"longitude"}},
		{query.NearestHubs{Latitude: 0, Longitude: math.Inf(-1), Limit: 5}, []string{"longitude"}},
		{query.NearestHubs{Latitude: 0, Longitude: nan, Limit: 5}, []string{"longitude"}},
		{query.NearestHubs{Latitude: 0, Longitude: 0, Limit: 0}, []string{"limit"}},
		{query.NearestHubs{Latitude: 0, Longitude: 0, Limit: 21}, []string{"limit"}},
		{query.NearestHubs{Latitude: 0, Longitude: 0, Limit: -1}, []string{"limit"}},
		{query.NearestHubs{Latitude: 100, Longitude: -200, Limit: 100}, []string{"latitude", "longitude", "limit"}},
	}
	for _, role := range access.Roles {
		for _, c := range bad {
			c.q.Actor = apptest.Actor(role)
			got, err := e.App.Hubs.Nearest.Handle(ctx, c.q)
			var ve *kernel.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, query.ErrInvalidNearest) || kernel.CodeOf(err) != "INVALID_PARAMETER" || kernel.KindOf(err) != kernel.Invalid {
				t.Errorf("%s %+v: %v, want an INVALID_PARAMETER validation error", role, c.q, err)
				continue
			}
			var fields []string
			for _, f := range ve.Fields {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, c.fields) || got != nil {
				t.Errorf("%s %+v: fields %v and answer %v, want fields %v and no answer", role, c.q, fields, got, c.fields)
			}
		}
	}
	for _, q := range []query.NearestHubs{
		{Latitude: 90, Longitude: 180, Limit: query.MinNearestLimit},
		{Latitude: -90, Longitude: -180, Limit: query.MaxNearestLimit},
		{Latitude: 37.5, Longitude: 127, Limit: query.DefaultNearestLimit},
	} {
		q.Actor = e.Master
		if got, err := e.App.Hubs.Nearest.Handle(ctx, q); err != nil || len(got) != 1 {
			t.Errorf("%+v: %v, %v; want the one hub", q, got, err)
		}
	}
}

// TestNearestHubsAnswer: the nearest first, with their exact distance; hubs without a location
// and deleted hubs are not among them, not even for MASTER.
func TestNearestHubsAnswer(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	at := func(name string, lat, lng float64) hub.Details {
		d := apptest.Details(name, nil)
		d.Location = &hub.Location{Latitude: lat, Longitude: lng}
		return d
	}
	seoul := e.Create(t, at("서울특별시 센터", 37.5665, 126.978))
	busan := e.Create(t, at("부산광역시 센터", 35.1796, 129.0756))
	noLocation := apptest.Details("위치 없는 허브", nil)
	noLocation.Location = nil
	e.Create(t, noLocation)
	e.CreateDeleted(t, at("지워진 서울 허브", 37.5665, 126.978))

	got, err := e.App.Hubs.Nearest.Handle(ctx, query.NearestHubs{Actor: e.Master, Latitude: 37.5665, Longitude: 126.978, Limit: 20})
	apptest.WantErr(t, err, nil)
	if len(got) != 2 || !reflect.DeepEqual(got[0].Hub, query.ViewOf(seoul)) || !reflect.DeepEqual(got[1].Hub, query.ViewOf(busan)) {
		t.Fatalf("got %+v, want 서울 then 부산", got)
	}
	// 서울 to 부산 on the sphere of 6371.0088 km: 325.112 km (by the spherical law of cosines).
	if got[0].DistanceKm != 0 || math.Abs(got[1].DistanceKm-325.1117079) > 1e-6 {
		t.Errorf("distances %v and %v km, want 0 and 325.1117079", got[0].DistanceKm, got[1].DistanceKm)
	}
	got, err = e.App.Hubs.Nearest.Handle(ctx, query.NearestHubs{Actor: apptest.Actor(access.Shipper), Latitude: 35.1, Longitude: 129, Limit: 1})
	apptest.WantErr(t, err, nil)
	if len(got) != 1 || got[0].Hub.ID != busan.ID() {
		t.Errorf("near 부산, limit 1: %+v", got)
	}
}
