package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/consistency"
	netquery "github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/networkstore"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// newPaths is the test service's network projection over store, started: woken by waker (when
// there is one) and polling every second, with a short ReadWait so that a test of a lagging
// projection does not wait long for the fallback. A database that is down at the start leaves it
// unloaded (TestLimits_DatabaseDownIsA503): it then loads on its first request, or answers 503.
func newPaths(t testing.TB, store *postgres.Store, waker httpapi.Waker) *netquery.Projection {
	t.Helper()
	reader, err := networkstore.New(store)
	if err != nil {
		t.Fatal(err)
	}
	p, err := netquery.New(reader, store, netquery.Options{Waker: waker, ReadWait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(context.Background()); err != nil {
		t.Logf("the network projection is not loaded: %v", err)
		return p
	}
	t.Cleanup(p.Close)
	return p
}

// koreaNet is the 17 hubs (created over HTTP) and the 36 routes (written by SQL with their
// events, as the route adapter writes them) of the reference network, applied by the projection.
type koreaNet struct {
	en     *env
	store  *postgres.Store
	hubs   map[string]uuid.UUID
	routes map[[2]string]uuid.UUID
}

func newKoreaNet(t *testing.T) *koreaNet {
	t.Helper()
	en := newEnv(t)
	k := &koreaNet{en: en, store: postgres.NewStore(en.db), hubs: map[string]uuid.UUID{}}
	for _, r := range apptest.KoreaRoutes(t) {
		if _, ok := k.hubs[r.From]; !ok {
			k.hubs[r.From] = en.createHub(r.From, nil)
		}
	}
	if len(k.hubs) != 17 {
		t.Fatalf("%d hubs in the reference network", len(k.hubs))
	}
	k.routes = apptest.PutKoreaRoutes(t, k.store, k.hubs)
	if err := en.paths.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *koreaNet) get(role access.Role, target string, headers ...string) response {
	k.en.t.Helper()
	return k.en.as(role, uuid.New(), "GET", target, "", headers...)
}

func (k *koreaNet) pathURL(from, to, extra string) string {
	return "/api/v1/hub-paths?from=" + k.hubs[from].String() + "&to=" + k.hubs[to].String() + extra
}

type pathJSON struct {
	From                 uuid.UUID   `json:"from"`
	To                   uuid.UUID   `json:"to"`
	By                   string      `json:"by"`
	TotalDistanceKm      float64     `json:"totalDistanceKm"`
	TotalDurationMinutes int64       `json:"totalDurationMinutes"`
	Hubs                 []uuid.UUID `json:"hubs"`
	Legs                 []struct {
		RouteID         uuid.UUID `json:"routeId"`
		DepartureHubID  uuid.UUID `json:"departureHubId"`
		ArrivalHubID    uuid.UUID `json:"arrivalHubId"`
		DistanceKm      float64   `json:"distanceKm"`
		DurationMinutes int       `json:"durationMinutes"`
	} `json:"legs"`
}

// wantWay checks a 200 path answer: its hubs by name, its totals, and legs that are the routes
// between consecutive hubs with their figures.
func (k *koreaNet) wantWay(t *testing.T, r response, by string, km float64, minutes int64, names ...string) {
	t.Helper()
	if r.Code != http.StatusOK {
		t.Fatalf("path: %d %s", r.Code, r.Body)
	}
	var p pathJSON
	r.decode(t, &p)
	var want []uuid.UUID
	for _, n := range names {
		want = append(want, k.hubs[n])
	}
	if p.By != by || !slices.Equal(p.Hubs, want) || p.TotalDistanceKm != km || p.TotalDurationMinutes != minutes ||
		p.From != want[0] || p.To != want[len(want)-1] || len(p.Legs) != len(want)-1 {
		t.Fatalf("path %s: %s; want %v, %v km, %d min", by, r.Body, names, km, minutes)
	}
	for i, l := range p.Legs {
		id, ok := k.routes[[2]string{names[i], names[i+1]}]
		if ok && (l.RouteID != id || l.DepartureHubID != want[i] || l.ArrivalHubID != want[i+1] || l.DistanceKm <= 0 || l.DurationMinutes <= 0) {
			t.Errorf("leg %d: %+v, want route %s", i, l, id)
		}
	}
}

// TestPaths_OverHTTP: on the 17 hubs and 36 routes, 서울 → 부산 is the contract's example by
// distance (서울 → 경기 남부 → 대구 → 부산, 416.4 km, 350 minutes, in exactly the contract's JSON),
// and the least duration by=duration; from = to is 200 with no legs; an unknown, a deleted hub is
// 404 HUB_NOT_FOUND and one with no routes NO_PATH; bad parameters are 400 naming them; CUSTOMER
// is 403; the matrix has one row and column per live hub, zeros on its diagonal and null where no
// way exists; HEAD answers like GET. The test environment checks every answer against the OpenAPI
// document.
func TestPaths_OverHTTP(t *testing.T) {
	t.Parallel()
	k := newKoreaNet(t)
	en := k.en
	seoul, busan := "서울특별시 센터", "부산광역시 센터"
	r := k.get(access.HubManager, k.pathURL(seoul, busan, ""))
	k.wantWay(t, r, "distance", 416.4, 350, seoul, "경기 남부 센터", "대구광역시 센터", busan)
	// Exactly the contract's shape, in its order.
	prefix := `{"from":"` + k.hubs[seoul].String() + `","to":"` + k.hubs[busan].String() + `","by":"distance","totalDistanceKm":416.4,"totalDurationMinutes":350,"hubs":["`
	if !strings.HasPrefix(string(r.Body), prefix) || !strings.Contains(string(r.Body), `"legs":[{"routeId":"`+k.routes[[2]string{seoul, "경기 남부 센터"}].String()+
		`","departureHubId":"`+k.hubs[seoul].String()+`","arrivalHubId":"`+k.hubs["경기 남부 센터"].String()+`","distanceKm":65.3,"durationMinutes":80}`) {
		t.Errorf("path JSON %s", r.Body)
	}
	var loose map[string]json.RawMessage
	r.decode(t, &loose)
	if len(loose) != 7 {
		t.Errorf("path JSON has %d properties: %s", len(loose), r.Body)
	}
	for _, role := range []access.Role{access.Master, access.Company, access.Shipper, access.Server} {
		if r := k.get(role, k.pathURL(seoul, busan, "&by=distance")); r.Code != http.StatusOK {
			t.Errorf("%s: %d", role, r.Code)
		}
	}
	r = k.get(access.Server, k.pathURL(seoul, busan, "&by=duration"))
	if r.Code != http.StatusOK {
		t.Fatalf("by duration: %d %s", r.Code, r.Body)
	}
	var byDuration pathJSON
	r.decode(t, &byDuration)
	if byDuration.By != "duration" || byDuration.TotalDurationMinutes > 350 || byDuration.Hubs[0] != k.hubs[seoul] {
		t.Errorf("by duration: %s", r.Body)
	}

	r = k.get(access.HubManager, k.pathURL(seoul, seoul, ""))
	if want := `{"from":"` + k.hubs[seoul].String() + `","to":"` + k.hubs[seoul].String() + `","by":"distance","totalDistanceKm":0,"totalDurationMinutes":0,"hubs":["` +
		k.hubs[seoul].String() + `"],"legs":[]}`; r.Code != http.StatusOK || strings.TrimSpace(string(r.Body)) != want {
		t.Errorf("from = to: %d %s", r.Code, r.Body)
	}
	if r := en.do("HEAD", k.pathURL(seoul, busan, ""), "", "Authorization", "Bearer "+en.token(access.Master, masterID)); r.Code != http.StatusOK || len(r.Body) != 0 {
		t.Errorf("HEAD: %d %q", r.Code, r.Body)
	}

	lonely := en.createHub("외딴 센터", nil)
	gone := en.createHub("지운 센터", nil)
	del := en.master("DELETE", "/api/v1/hubs/"+gone.String(), "")
	if del.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", del.Code, del.Body)
	}
	tok := del.Header.Get(httpapi.HeaderConsistencyToken)
	for _, c := range []struct {
		to   uuid.UUID
		code string
	}{{uuid.New(), "HUB_NOT_FOUND"}, {gone, "HUB_NOT_FOUND"}, {lonely, "NO_PATH"}} {
		target := "/api/v1/hub-paths?from=" + k.hubs[seoul].String() + "&to=" + c.to.String()
		expectProblem(t, k.get(access.HubManager, target, httpapi.HeaderConsistencyToken, tok), http.StatusNotFound, c.code)
	}
	expectProblem(t, k.get(access.HubManager, "/api/v1/hub-paths?from="+lonely.String()+"&to="+k.hubs[seoul].String()), http.StatusNotFound, "NO_PATH")

	for _, c := range []struct{ query, param string }{
		{"to=" + k.hubs[busan].String(), "from"},
		{"from=" + k.hubs[seoul].String(), "to"},
		{"from=nope&to=" + k.hubs[busan].String(), "from"},
		{"from=" + k.hubs[seoul].String() + "&to=" + strings.ToUpper(k.hubs[busan].String()[:8]), "to"},
		{"from=" + k.hubs[seoul].String() + "&to=" + k.hubs[busan].String() + "&by=speed", "by"},
		{"from=" + k.hubs[seoul].String() + "&to=" + k.hubs[busan].String() + "&via=x", "via"},
		{"from=" + k.hubs[seoul].String() + "&from=" + k.hubs[seoul].String() + "&to=" + k.hubs[busan].String(), "from"},
	} {
		p := expectProblem(t, k.get(access.Master, "/api/v1/hub-paths?"+c.query), http.StatusBadRequest, "INVALID_PARAMETER")
		if len(p.Errors) == 0 || p.Errors[0].Field != c.param {
			t.Errorf("%s: %+v, want the field %s", c.query, p, c.param)
		}
	}
	expectProblem(t, k.get(access.Master, "/api/v1/hub-paths/matrix?by=speed"), http.StatusBadRequest, "INVALID_PARAMETER")
	expectProblem(t, k.get(access.Master, "/api/v1/hub-paths/matrix?from=x"), http.StatusBadRequest, "INVALID_PARAMETER")
	expectProblem(t, k.get(access.Master, k.pathURL(seoul, busan, ""), httpapi.HeaderConsistencyToken, "not-a-token"), http.StatusBadRequest, "INVALID_PARAMETER")
	expectProblem(t, k.get(access.Customer, k.pathURL(seoul, busan, "")), http.StatusForbidden, "FORBIDDEN")
	expectProblem(t, k.get(access.Customer, "/api/v1/hub-paths/matrix"), http.StatusForbidden, "FORBIDDEN")

	// The matrix, after the projection has applied the two new hubs and the deletion.
	r = k.get(access.Shipper, "/api/v1/hub-paths/matrix?by=duration", httpapi.HeaderConsistencyToken, tok)
	if r.Code != http.StatusOK {
		t.Fatalf("matrix: %d %s", r.Code, r.Body)
	}
	var m struct {
		By              string       `json:"by"`
		Hubs            []uuid.UUID  `json:"hubs"`
		DistanceKm      [][]*float64 `json:"distanceKm"`
		DurationMinutes [][]*int64   `json:"durationMinutes"`
	}
	r.decode(t, &m)
	if m.By != "duration" || len(m.Hubs) != 18 || len(m.DistanceKm) != 18 || len(m.DurationMinutes) != 18 ||
		!slices.IsSortedFunc(m.Hubs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) }) ||
		slices.Contains(m.Hubs, gone) || !slices.Contains(m.Hubs, lonely) {
		t.Fatalf("matrix shape: %s", r.Body)
	}
	for i, id := range m.Hubs {
		if len(m.DistanceKm[i]) != 18 || len(m.DurationMinutes[i]) != 18 || *m.DistanceKm[i][i] != 0 || *m.DurationMinutes[i][i] != 0 {
			t.Fatalf("row %d: %v %v", i, m.DistanceKm[i], m.DurationMinutes[i])
		}
		for j := range m.Hubs {
			noWay := i != j && (id == lonely || m.Hubs[j] == lonely)
			if (m.DistanceKm[i][j] == nil) != noWay || (m.DurationMinutes[i][j] == nil) != noWay {
				t.Errorf("cell %d,%d: %v %v, want null: %v", i, j, m.DistanceKm[i][j], m.DurationMinutes[i][j], noWay)
			}
		}
	}
	if !strings.Contains(string(r.Body), "null") {
		t.Errorf("no null in %s", r.Body)
	}
	// from= is that row alone, the same cells, whatever the size of the network.
	for _, i := range []int{0, slices.Index(m.Hubs, lonely), 17} {
		r := k.get(access.Server, "/api/v1/hub-paths/matrix?by=duration&from="+m.Hubs[i].String(), httpapi.HeaderConsistencyToken, tok)
		var row struct {
			From            uuid.UUID    `json:"from"`
			Hubs            []uuid.UUID  `json:"hubs"`
			DistanceKm      [][]*float64 `json:"distanceKm"`
			DurationMinutes [][]*int64   `json:"durationMinutes"`
		}
		r.decode(t, &row)
		if r.Code != http.StatusOK || row.From != m.Hubs[i] || !slices.Equal(row.Hubs, m.Hubs) || len(row.DistanceKm) != 1 || len(row.DurationMinutes) != 1 {
			t.Fatalf("row of %d: %d %.200s", i, r.Code, r.Body)
		}
		for j := range m.Hubs {
			if !equalCell(row.DistanceKm[0][j], m.DistanceKm[i][j]) || !equalCell(row.DurationMinutes[0][j], m.DurationMinutes[i][j]) {
				t.Errorf("row of %d, cell %d: %v %v, the matrix has %v %v", i, j, row.DistanceKm[0][j], row.DurationMinutes[0][j], m.DistanceKm[i][j], m.DurationMinutes[i][j])
			}
		}
	}
	expectProblem(t, k.get(access.Master, "/api/v1/hub-paths/matrix?from="+gone.String()), http.StatusNotFound, "HUB_NOT_FOUND")
	if r := k.get(access.Master, "/api/v1/hub-paths/matrix"); r.Code != http.StatusOK || !strings.HasPrefix(string(r.Body), `{"by":"distance","hubs":[`) {
		t.Errorf("matrix by default: %d %.80s", r.Code, r.Body)
	}
}

// TestPaths_ReadYourWrites: with the instance's follower stopped (its projection lags), a shortcut
// route written with its event is not in an answer without a token, and is in the answer to a
// request carrying the change's token, which carries the event's seq; a hub change's token (from
// the HTTP response) does the same for a deleted hub.
func TestPaths_ReadYourWrites(t *testing.T) {
	t.Parallel()
	k := newKoreaNet(t)
	k.en.paths.Close() // no more wake-ups or polls: the projection lags from here on
	seoul, busan := "서울특별시 센터", "부산광역시 센터"

	wctx, rec := consistency.WithRecorder(context.Background())
	shortcut := uuid.New()
	apptest.PutRoute(wctx, t, k.store, apptest.Route{ID: shortcut, From: k.hubs[seoul], To: k.hubs[busan], DistanceKm: 400, DurationMinutes: 330})
	tok := string(rec.Token())
	if _, seq, err := consistency.Token(tok).Split(); err != nil || seq == 0 {
		t.Fatalf("token %q carries no seq: %v", tok, err)
	}
	k.wantWay(t, k.get(access.HubManager, k.pathURL(seoul, busan, "")), "distance", 416.4, 350, seoul, "경기 남부 센터", "대구광역시 센터", busan)
	k.wantWay(t, k.get(access.HubManager, k.pathURL(seoul, busan, ""), httpapi.HeaderConsistencyToken, tok), "distance", 400, 330, seoul, busan)

	del := k.en.master("DELETE", "/api/v1/hubs/"+k.hubs[busan].String(), "")
	htok := del.Header.Get(httpapi.HeaderConsistencyToken)
	if del.Code != http.StatusNoContent || !strings.Contains(htok, "@") {
		t.Fatalf("delete: %d, token %q (want the form position@seq)", del.Code, htok)
	}
	if r := k.get(access.HubManager, k.pathURL(seoul, busan, "")); r.Code != http.StatusOK {
		t.Errorf("without the token the lagging projection still has 부산: %d", r.Code)
	}
	expectProblem(t, k.get(access.HubManager, k.pathURL(seoul, busan, ""), httpapi.HeaderConsistencyToken, htok), http.StatusNotFound, "HUB_NOT_FOUND")
	// The older form of the same token, a WAL position only, sees it too.
	pos, _, _ := consistency.Token(htok).Split()
	expectProblem(t, k.get(access.HubManager, k.pathURL(seoul, busan, ""), httpapi.HeaderConsistencyToken, pos), http.StatusNotFound, "HUB_NOT_FOUND")
}

func equalCell[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
