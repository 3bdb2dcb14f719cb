package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func problemFields(t *testing.T, r response) []string {
	t.Helper()
	var out []string
	for _, f := range problemOf(t, r).Errors {
		out = append(out, f.Field)
	}
	return out
}

// TestRoutes_CreateRules: 201 with Location and ETag; 422 HUB_NOT_FOUND naming the field of a
// missing or deleted hub; 409 ROUTE_EXISTS for a second live route of a pair; 400 naming
// distanceKm below the great circle or with four decimals, and the required fields.
func TestRoutes_CreateRules(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	seoul := en.createHubAt("서울특별시 센터", 37.4742027808565, 127.123621185562)
	busan := en.createHubAt("부산광역시 센터", 35.1017, 129.0316)
	gone := en.createHubAt("지운 센터", 36, 128)
	if r := en.master("DELETE", "/api/v1/hubs/"+gone.String(), ""); r.Code != http.StatusNoContent {
		t.Fatal(r.Code)
	}
	res := en.master("POST", "/api/v1/hub-routes", routeBody(seoul, busan, 400.125, 300))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var r routeJSON
	res.decode(t, &r)
	if res.Header.Get("Location") != "/api/v1/hub-routes/"+r.RouteID.String() || res.Header.Get("ETag") != `"1"` ||
		r.DistanceKm != 400.125 || r.DurationMinutes != 300 || r.Version != 1 || r.IsDeleted || r.DepartureHubID != seoul {
		t.Errorf("created: %v %s", res.Header, res.Body)
	}
	if !strings.Contains(string(res.Body), `"distanceKm":400.125,`) {
		t.Errorf("distance not written as given: %s", res.Body)
	}

	p := expectProblem(t, en.master("POST", "/api/v1/hub-routes", routeBody(seoul, gone, 400, 300)), http.StatusUnprocessableEntity, "HUB_NOT_FOUND")
	if f := problemFields(t, en.master("POST", "/api/v1/hub-routes", routeBody(seoul, gone, 400, 300))); len(f) != 1 || f[0] != "arrivalHubId" {
		t.Errorf("deleted arrival hub: fields %v (%+v)", f, p)
	}
	if f := problemFields(t, expectProblemResp(t, en.master("POST", "/api/v1/hub-routes", routeBody(uuid.New(), uuid.New(), 400, 300)), http.StatusUnprocessableEntity, "HUB_NOT_FOUND")); len(f) != 2 {
		t.Errorf("two unknown hubs: fields %v", f)
	}
	expectProblem(t, en.master("POST", "/api/v1/hub-routes", routeBody(seoul, busan, 500, 300)), http.StatusConflict, "ROUTE_EXISTS")
	for body, field := range map[string]string{
		routeBody(busan, seoul, 100, 300):                                                   "distanceKm", // the great circle is some 325 km
		routeBody(busan, seoul, 400.1234, 300):                                              "distanceKm",
		routeBody(busan, seoul, 2000.5, 300):                                                "distanceKm",
		routeBody(busan, seoul, 400, 0):                                                     "durationMinutes",
		routeBody(busan, busan, 400, 10):                                                    "arrivalHubId",
		`{"departureHubId":"` + busan.String() + `","distanceKm":400,"durationMinutes":10}`: "arrivalHubId",
		`{"departureHubId":"` + busan.String() + `","arrivalHubId":"` + seoul.String() + `","distanceKm":"400","durationMinutes":10}`: "distanceKm",
		`{"departureHubId":"nope","arrivalHubId":"` + seoul.String() + `","distanceKm":400,"durationMinutes":10}`:                     "departureHubId",
		`{"departureHubId":"` + busan.String() + `","arrivalHubId":"` + seoul.String() + `","distanceKm":400,"durationMinutes":1.5}`:  "durationMinutes",
	} {
		res := en.master("POST", "/api/v1/hub-routes", body)
		if res.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", body, res.Code, res.Body)
			continue
		}
		if f := problemFields(t, res); len(f) == 0 || f[0] != field {
			t.Errorf("%s: fields %v, want %s first", body, f, field)
		}
	}
	expectProblem(t, en.master("POST", "/api/v1/hub-routes", routeBody(busan, seoul, 400, 10)[:20]), http.StatusBadRequest, "INVALID_BODY")
	expectProblem(t, en.master("POST", "/api/v1/hub-routes", `{"departureHubId":"`+busan.String()+`","x":1}`), http.StatusBadRequest, "INVALID_BODY")
}

func expectProblemResp(t *testing.T, r response, status int, code string) response {
	t.Helper()
	expectProblem(t, r, status, code)
	return r
}

// TestRoutes_ChangeDeleteRestore: PUT and PATCH change the figures only (other hubs are 400),
// If-Match as for hubs, delete and restore with their refusals, and Idempotency-Key on create.
func TestRoutes_ChangeDeleteRestore(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a, b := en.createHubAt("서울", 37.5665, 126.9780), en.createHubAt("수원", 37.2636, 127.0286)
	r := en.createRoute(a, b, 45.5, 60)
	path := "/api/v1/hub-routes/" + r.RouteID.String()

	res := en.master("PUT", path, `{"distanceKm":50,"durationMinutes":70}`, "If-Match", `"1"`)
	if res.Code != http.StatusOK || res.Header.Get("ETag") != `"2"` {
		t.Fatalf("put: %d %s", res.Code, res.Body)
	}
	expectProblem(t, en.master("PUT", path, `{"distanceKm":51,"durationMinutes":70}`, "If-Match", `"1"`), http.StatusPreconditionFailed, "VERSION_MISMATCH")
	expectProblem(t, en.master("PUT", path, `{"distanceKm":51}`), http.StatusBadRequest, "INVALID_BODY")
	expectProblem(t, en.master("PUT", path, `{"distanceKm":1,"durationMinutes":70}`), http.StatusBadRequest, "INVALID_BODY") // under the great circle
	other := uuid.New()
	if f := problemFields(t, expectProblemResp(t, en.master("PATCH", path, `{"arrivalHubId":"`+other.String()+`"}`), http.StatusBadRequest, "INVALID_BODY")); len(f) != 1 || f[0] != "arrivalHubId" {
		t.Errorf("patch of the arrival hub: fields %v", f)
	}
	res = en.master("PATCH", path, `{"departureHubId":"`+a.String()+`","durationMinutes":65}`)
	var got routeJSON
	res.decode(t, &got)
	if res.Code != http.StatusOK || got.DurationMinutes != 65 || got.DistanceKm != 50 || got.Version != 3 {
		t.Errorf("patch: %d %s", res.Code, res.Body)
	}
	if res := en.master("GET", path, "", "If-None-Match", `"3"`); res.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.Code)
	}

	if res := en.master("DELETE", path, "", "If-Match", `"2"`); res.Code != http.StatusPreconditionFailed {
		t.Errorf("stale delete: %d", res.Code)
	}
	if res := en.master("DELETE", path, ""); res.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	expectProblem(t, en.master("DELETE", path, ""), http.StatusNotFound, "ROUTE_NOT_FOUND")
	expectProblem(t, en.master("PATCH", path, `{"durationMinutes":1}`), http.StatusConflict, "ROUTE_DELETED")
	taken := en.createRoute(a, b, 46, 61)
	expectProblem(t, en.master("POST", path+"/restore", ""), http.StatusConflict, "ROUTE_EXISTS")
	if res := en.master("DELETE", "/api/v1/hub-routes/"+taken.RouteID.String(), ""); res.Code != http.StatusNoContent {
		t.Fatal(res.Code)
	}
	res = en.master("POST", path+"/restore", "")
	if res.Code != http.StatusOK || en.getRoute(r.RouteID).IsDeleted {
		t.Errorf("restore: %d %s", res.Code, res.Body)
	}
	expectProblem(t, en.master("POST", path+"/restore", ""), http.StatusConflict, "ROUTE_NOT_DELETED")
	expectProblem(t, en.master("GET", "/api/v1/hub-routes/"+uuid.NewString(), ""), http.StatusNotFound, "ROUTE_NOT_FOUND")
	expectProblem(t, en.master("GET", "/api/v1/hub-routes/nope", ""), http.StatusBadRequest, "INVALID_PARAMETER")

	// A hub that is deleted takes its routes; restoring the route alone then needs the hub.
	if res := en.master("DELETE", "/api/v1/hubs/"+b.String(), ""); res.Code != http.StatusNoContent {
		t.Fatal(res.Code)
	}
	expectProblem(t, en.master("POST", path+"/restore", ""), http.StatusUnprocessableEntity, "HUB_NOT_FOUND")
	// The hub's restore brings the route back; a restore of the route by hand honours Idempotency-Key.
	if res := en.master("POST", "/api/v1/hubs/"+b.String()+"/restore", ""); res.Code != http.StatusOK || en.getRoute(r.RouteID).IsDeleted {
		t.Fatalf("hub restore: %d, route deleted %v", res.Code, en.getRoute(r.RouteID).IsDeleted)
	}
	if res := en.master("DELETE", path, ""); res.Code != http.StatusNoContent {
		t.Fatal(res.Code)
	}
	once := en.master("POST", path+"/restore", "", "Idempotency-Key", "restore-1")
	twice := en.master("POST", path+"/restore", "", "Idempotency-Key", "restore-1")
	if once.Code != http.StatusOK || twice.Code != http.StatusOK || string(once.Body) != string(twice.Body) || twice.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("idempotent restore: %d %d %s", once.Code, twice.Code, twice.Body)
	}

	// Idempotency-Key: the same create twice is one route.
	c := en.createHubAt("인천", 37.4563, 126.7052)
	first := en.master("POST", "/api/v1/hub-routes", routeBody(a, c, 40, 50), "Idempotency-Key", "route-1")
	again := en.master("POST", "/api/v1/hub-routes", routeBody(a, c, 40, 50), "Idempotency-Key", "route-1")
	if first.Code != http.StatusCreated || again.Code != http.StatusCreated || string(first.Body) != string(again.Body) ||
		again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("idempotent create: %d %d %s", first.Code, again.Code, again.Header)
	}
}

// TestRoutes_SearchParametersAndCascadeInTheFeed: the search's filters, strict parameters,
// paging and Link; deleting a hub shows its routes' deletions in the feed as hub-route events.
func TestRoutes_SearchParametersAndCascadeInTheFeed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a, b, c := en.createHubAt("서울", 37.5665, 126.9780), en.createHubAt("수원", 37.2636, 127.0286), en.createHubAt("인천", 37.4563, 126.7052)
	ab, ba, ac := en.createRoute(a, b, 45.5, 60), en.createRoute(b, a, 45.5, 61), en.createRoute(a, c, 40, 50)
	type page struct {
		Content []routeJSON
		Page    struct{ TotalElements int64 }
	}
	search := func(q string) page {
		t.Helper()
		res := en.master("GET", "/api/v1/hub-routes"+q, "")
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", q, res.Code, res.Body)
		}
		var p page
		res.decode(t, &p)
		return p
	}
	ids := func(p page) []uuid.UUID {
		out := []uuid.UUID{}
		for _, r := range p.Content {
			out = append(out, r.RouteID)
		}
		return out
	}
	for q, want := range map[string][]uuid.UUID{
		"":                              {ac.RouteID, ba.RouteID, ab.RouteID},
		"?departureHubId=" + a.String(): {ac.RouteID, ab.RouteID},
		"?arrivalHubId=" + a.String():   {ba.RouteID},
		"?hubId=" + b.String() + "&sort=durationMinutes,desc": {ba.RouteID, ab.RouteID},
		"?sort=distanceKm&size=1":                             {ac.RouteID},
		"?isDeleted=true":                                     {},
	} {
		if got := ids(search(q)); len(got) != len(want) || (len(want) > 0 && got[0] != want[0]) || (len(want) > 1 && got[1] != want[1]) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
	res := en.master("GET", "/api/v1/hub-routes?size=1&sort=createdAt,asc", "")
	if link := res.Header.Get("Link"); !strings.Contains(link, `rel="next"`) || !strings.Contains(link, `rel="last"`) {
		t.Errorf("Link %q", link)
	}
	for _, q := range []string{"?hubid=" + a.String(), "?hubId=nope", "?sort=hubName", "?size=0", "?isDeleted=maybe", "?departureHubId=" + a.String() + "&departureHubId=" + b.String()} {
		expectProblem(t, en.master("GET", "/api/v1/hub-routes"+q, ""), http.StatusBadRequest, "INVALID_PARAMETER")
	}

	var before struct{ NextAfter int64 }
	en.master("GET", "/api/v1/hub-events?limit=1000", "").decode(t, &before)
	if res := en.master("DELETE", "/api/v1/hubs/"+b.String(), ""); res.Code != http.StatusNoContent {
		t.Fatal(res.Code)
	}
	res = en.master("GET", "/api/v1/hub-events?aggregateType=hub-route&after="+itoa64(before.NextAfter), "")
	var feed struct {
		Events []struct {
			AggregateType, Type string
			AggregateID         uuid.UUID
			Route               json.RawMessage
		}
	}
	res.decode(t, &feed)
	if len(feed.Events) != 2 {
		t.Fatalf("route events of b's deletion: %s", res.Body)
	}
	for _, ev := range feed.Events {
		var r routeJSON
		if err := json.Unmarshal(ev.Route, &r); err != nil || ev.AggregateType != "hub-route" || ev.Type != "hub-route.deleted" ||
			!r.IsDeleted || r.RouteID != ev.AggregateID || (r.RouteID != ab.RouteID && r.RouteID != ba.RouteID) {
			t.Errorf("event %+v %s", ev, ev.Route)
		}
	}
	if got := search("?hubId=" + b.String() + "&isDeleted=true"); len(got.Content) != 2 {
		t.Errorf("deleted routes of b: %v", ids(got))
	}
	if res := en.master("POST", "/api/v1/hubs/"+b.String()+"/restore", ""); res.Code != http.StatusOK {
		t.Fatal(res.Code)
	}
	if got := search("?hubId=" + b.String()); len(got.Content) != 2 {
		t.Errorf("b's routes after its restore: %v", ids(got))
	}
}

func itoa64(n int64) string { b, _ := json.Marshal(n); return string(b) }
