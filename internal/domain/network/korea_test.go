package network_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/domain/route"
)

// koreaHubs and koreaConnections are db/seed/korea-hubs.csv and the shared korea-hub-routes.csv,
// the network the first start loads (each connection is a route each way).
var koreaHubs = []struct {
	name     string
	lat, lon float64
}{
	{"서울특별시 센터", 37.4742027808565, 127.123621185562},
	{"경기 북부 센터", 37.6403771056018, 126.87379545786},
	{"경기 남부 센터", 37.1896213142136, 127.375050006958},
	{"부산광역시 센터", 35.117605126596, 129.045060216345},
	{"대구광역시 센터", 35.8758849492106, 128.596129208483},
	{"인천광역시 센터", 37.4560499608337, 126.705255744089},
	{"광주광역시 센터", 35.1600994105234, 126.851461925213},
	{"대전광역시 센터", 36.3503849976553, 127.384633005948},
	{"울산광역시 센터", 35.5390270962011, 129.311356392207},
	{"세종특별자치시 센터", 36.4800579897497, 127.289039408864},
	{"강원특별자치도 센터", 37.8800729197963, 127.727907820318},
	{"충청북도 센터", 36.6353867908159, 127.491428436987},
	{"충청남도 센터", 36.6590416999343, 126.673057036952},
	{"전북특별자치도 센터", 35.8194621650578, 127.106396942356},
	{"전라남도 센터", 34.8174727676363, 126.465415935304},
	{"경상북도 센터", 36.5761205474728, 128.505722686385},
	{"경상남도 센터", 35.2378032514675, 128.691940442146},
}

var koreaConnections = []struct {
	a, b    string
	km      float64
	minutes int
}{
	{"경기 남부 센터", "경기 북부 센터", 45.2, 60},
	{"경기 남부 센터", "서울특별시 센터", 65.3, 80},
	{"경기 남부 센터", "인천광역시 센터", 90.4, 100},
	{"경기 남부 센터", "강원특별자치도 센터", 80.25, 95},
	{"경기 남부 센터", "경상북도 센터", 220.7, 160},
	{"경기 남부 센터", "대전광역시 센터", 155.8, 120},
	{"경기 남부 센터", "대구광역시 센터", 250.6, 180},
	{"대전광역시 센터", "충청남도 센터", 60.2, 70},
	{"대전광역시 센터", "충청북도 센터", 70.3, 75},
	{"대전광역시 센터", "세종특별자치시 센터", 35.7, 40},
	{"대전광역시 센터", "전북특별자치도 센터", 120.5, 100},
	{"대전광역시 센터", "광주광역시 센터", 220.8, 180},
	{"대전광역시 센터", "전라남도 센터", 250.3, 200},
	{"대전광역시 센터", "대구광역시 센터", 160.6, 140},
	{"대구광역시 센터", "경상북도 센터", 70.2, 75},
	{"대구광역시 센터", "경상남도 센터", 90.3, 85},
	{"대구광역시 센터", "부산광역시 센터", 100.5, 90},
	{"대구광역시 센터", "울산광역시 센터", 85.2, 70},
}

// korea builds the seeded network with made-up hub ids, each route created through the route
// aggregate. Without the hubs' locations: four of the connections are shorter than the great
// circle between their hubs (TestSeedAgainstGreatCircle), so a seed must load them that way.
func korea(t *testing.T) (*network.Graph, map[string]uuid.UUID, map[[2]string]network.Edge) {
	t.Helper()
	hubs := map[string]uuid.UUID{}
	var nodes []uuid.UUID
	for _, h := range koreaHubs {
		hubs[h.name] = uuid.New()
		nodes = append(nodes, hubs[h.name])
	}
	routes := map[[2]string]network.Edge{}
	var edges []network.Edge
	for _, c := range koreaConnections {
		for _, pair := range [][2]string{{c.a, c.b}, {c.b, c.a}} {
			r, err := route.New(hubs[pair[0]], hubs[pair[1]], route.Figures{DistanceKm: c.km, DurationMinutes: c.minutes},
				route.Ends{}, uuid.New(), time.Now())
			if err != nil {
				t.Fatalf("%s → %s: %v", pair[0], pair[1], err)
			}
			e := network.Edge{RouteID: r.ID(), From: r.DepartureHubID(), To: r.ArrivalHubID(), DistanceKm: r.DistanceKm(), DurationMinutes: r.DurationMinutes()}
			routes[pair] = e
			edges = append(edges, e)
		}
	}
	return mustGraph(t, nodes, edges), hubs, routes
}

func names(t *testing.T, hubs map[string]uuid.UUID, p network.Path) string {
	t.Helper()
	byID := map[uuid.UUID]string{}
	for n, id := range hubs {
		byID[id] = strings.TrimSuffix(n, " 센터")
	}
	var out []string
	for _, id := range p.Hubs {
		out = append(out, byID[id])
	}
	return strings.Join(out, " → ")
}

// TestKoreanNetwork is the walk through the seeded network, on the graph alone: 서울 to
// 부산 by distance and by duration, without the route 경기 남부 → 대구, without 대구, and with
// 대구 and its routes back.
func TestKoreanNetwork(t *testing.T) {
	g, hubs, routes := korea(t)
	if g.NodeCount() != 17 || g.EdgeCount() != 36 {
		t.Fatalf("%d hubs, %d routes", g.NodeCount(), g.EdgeCount())
	}
	seoul, busan := hubs["서울특별시 센터"], hubs["부산광역시 센터"]
	check := func(g *network.Graph, by network.By, want string, km float64, minutes int64) {
		t.Helper()
		p, err := g.Shortest(seoul, busan, by)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(t, hubs, p); got != want || p.TotalDistanceKm != km || p.TotalDurationMinutes != minutes {
			t.Errorf("by %v: %s, %v km, %v min; want %s, %v km, %v min", by, got, p.TotalDistanceKm, p.TotalDurationMinutes, want, km, minutes)
		}
	}
	for _, by := range []network.By{network.ByDistance, network.ByDuration} {
		check(g, by, "서울특별시 → 경기 남부 → 대구광역시 → 부산광역시", 416.4, 350)
	}
	cut, err := g.Apply(network.RemoveEdge(routes[[2]string{"경기 남부 센터", "대구광역시 센터"}].RouteID))
	if err != nil {
		t.Fatal(err)
	}
	check(cut, network.ByDistance, "서울특별시 → 경기 남부 → 경상북도 → 대구광역시 → 부산광역시", 456.7, 405)
	check(g, network.ByDistance, "서울특별시 → 경기 남부 → 대구광역시 → 부산광역시", 416.4, 350) // the old graph

	daegu := hubs["대구광역시 센터"]
	without, err := cut.Apply(network.RemoveNode(daegu))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := without.Shortest(seoul, busan, network.ByDistance); !errors.Is(err, network.ErrNoPath) {
		t.Errorf("without 대구: %v", err)
	}
	if without.EdgeCount() != 36-2*6 { // 대구 has six connections; one of its routes was gone already
		t.Errorf("without 대구: %d routes", without.EdgeCount())
	}
	// Restoring the hub restores the routes its deletion removed (not 경기 남부 → 대구, deleted before).
	back := []network.Change{network.AddNode(daegu)}
	for pair, e := range routes {
		if (pair[0] == "대구광역시 센터" || pair[1] == "대구광역시 센터") && pair != [2]string{"경기 남부 센터", "대구광역시 센터"} {
			back = append(back, network.PutEdge(e))
		}
	}
	restored, err := without.Apply(back...)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(restored.Edges(), cut.Edges()) {
		t.Error("restored graph differs from the one before the hub's deletion")
	}
	check(restored, network.ByDistance, "서울특별시 → 경기 남부 → 경상북도 → 대구광역시 → 부산광역시", 456.7, 405)
	m := g.Matrix(network.ByDistance)
	for i := range m.Hubs {
		for j := range m.Hubs {
			if m.DistanceKm[i][j] == nil || m.DurationMinutes[i][j] == nil {
				t.Fatalf("the seeded network is not strongly connected: %d → %d", i, j)
			}
		}
	}
}

// TestSeedAgainstGreatCircle pins a conflict in the contract's data: these four connections of
// korea-hub-routes.csv are shorter than the great circle between the locations korea-hubs.csv
// gives their hubs, so the route rule refuses them (both ways) when the hubs' locations are
// given. Every other connection passes.
func TestSeedAgainstGreatCircle(t *testing.T) {
	where := map[string]geo.Point{}
	for _, h := range koreaHubs {
		where[h.name] = geo.Point{Latitude: h.lat, Longitude: h.lon}
	}
	want := []string{
		"경기 남부 센터–경기 북부 센터 45.2 km under 66.873",
		"경기 남부 센터–강원특별자치도 센터 80.25 km under 82.840",
		"대전광역시 센터–충청남도 센터 60.2 km under 72.270",
		"대구광역시 센터–경상북도 센터 70.2 km under 78.284",
	}
	var got []string
	for _, c := range koreaConnections {
		a, b := where[c.a], where[c.b]
		errAB := route.CheckGreatCircle(c.km, route.Ends{Departure: &a, Arrival: &b})
		errBA := route.CheckGreatCircle(c.km, route.Ends{Departure: &b, Arrival: &a})
		if (errAB == nil) != (errBA == nil) {
			t.Errorf("%s–%s: the rule is not symmetric", c.a, c.b)
		}
		if errAB != nil {
			got = append(got, fmt.Sprintf("%s–%s %v km under %.3f", c.a, c.b, c.km, geo.DistanceKm(a, b)))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("connections under the great circle:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
