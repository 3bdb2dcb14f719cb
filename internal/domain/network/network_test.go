package network_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/domain/route"
)

// id makes a readable uuid whose byte order is the order of n.
func id(n int) uuid.UUID { return uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", n)) }

func edge(from, to int, km float64, minutes int) network.Edge {
	return network.Edge{RouteID: id(1000 + from*100 + to), From: id(from), To: id(to), DistanceKm: km, DurationMinutes: minutes}
}

func mustGraph(t testing.TB, nodes []uuid.UUID, edges []network.Edge) *network.Graph {
	t.Helper()
	g, err := network.New(nodes, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func ids(ns ...int) []uuid.UUID {
	out := make([]uuid.UUID, len(ns))
	for i, n := range ns {
		out[i] = id(n)
	}
	return out
}

// TestTieNeedsWholeSequences is the graph on which a Dijkstra that breaks ties by the hub just
// before a node goes wrong: 1→2→5→9 and 1→3→4→9 cost the same with as many legs; the first is
// smaller at its second hub (2 < 3), the second just before the end (4 < 5).
func TestTieNeedsWholeSequences(t *testing.T) {
	g := mustGraph(t, ids(1, 2, 3, 4, 5, 9), []network.Edge{
		edge(1, 2, 1, 1), edge(2, 5, 1, 1), edge(5, 9, 1, 1),
		edge(1, 3, 1, 1), edge(3, 4, 1, 1), edge(4, 9, 1, 1),
	})
	for _, by := range []network.By{network.ByDistance, network.ByDuration} {
		p, err := g.Shortest(id(1), id(9), by)
		if err != nil {
			t.Fatal(err)
		}
		if want := ids(1, 2, 5, 9); !reflect.DeepEqual(p.Hubs, want) {
			t.Errorf("by %v: %v, want %v", by, p.Hubs, want)
		}
	}
}

func TestFewerLegsWinAndMetresTieExactly(t *testing.T) {
	// 0.1 + 0.2 is not 0.3 in floats, but 100 m + 200 m is 300 m: the direct route ties on
	// distance and wins on legs.
	g := mustGraph(t, ids(1, 2, 3), []network.Edge{edge(1, 2, 0.1, 1), edge(2, 3, 0.2, 1), edge(1, 3, 0.3, 5)})
	p, err := g.Shortest(id(1), id(3), network.ByDistance)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Hubs, ids(1, 3)) || p.TotalDistanceKm != 0.3 || p.TotalDurationMinutes != 5 {
		t.Errorf("by distance: %+v", p)
	}
	// By duration the two-leg way is shorter; its distance total is exact too.
	p, err = g.Shortest(id(1), id(3), network.ByDuration)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Hubs, ids(1, 2, 3)) || p.TotalDistanceKm != 0.3 || p.TotalDurationMinutes != 2 || len(p.Legs) != 2 {
		t.Errorf("by duration: %+v", p)
	}
}

func TestSameHubNoPathAndUnknownHub(t *testing.T) {
	g := mustGraph(t, ids(1, 2, 3), []network.Edge{edge(1, 2, 5, 5)})
	p, err := g.Shortest(id(2), id(2), network.ByDistance)
	if err != nil || !reflect.DeepEqual(p.Hubs, ids(2)) || len(p.Legs) != 0 || p.TotalDistanceKm != 0 || p.TotalDurationMinutes != 0 {
		t.Errorf("from = to: %+v %v", p, err)
	}
	for _, pair := range [][2]int{{2, 1}, {1, 3}} {
		_, err := g.Shortest(id(pair[0]), id(pair[1]), network.ByDuration)
		if !errors.Is(err, network.ErrNoPath) || kernel.KindOf(err) != kernel.NotFound || kernel.CodeOf(err) != "NO_PATH" {
			t.Errorf("%v: %v", pair, err)
		}
	}
	for _, pair := range [][2]int{{1, 7}, {7, 1}, {7, 7}} {
		_, err := g.Shortest(id(pair[0]), id(pair[1]), network.ByDistance)
		if !errors.Is(err, hub.ErrNotFound) || kernel.CodeOf(err) != "HUB_NOT_FOUND" {
			t.Errorf("%v: %v", pair, err)
		}
	}
	if _, err := g.Row(id(7), network.ByDistance); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("row of an unknown hub: %v", err)
	}
}

func TestNewRefusesBadGraphs(t *testing.T) {
	cases := []struct {
		name  string
		edges []network.Edge
		want  error
	}{
		{"unknown end", []network.Edge{edge(1, 4, 1, 1)}, hub.ErrNotFound},
		{"route twice", []network.Edge{edge(1, 2, 1, 1), edge(1, 2, 2, 2)}, route.ErrExists},
		{"pair twice", []network.Edge{edge(1, 2, 1, 1), {RouteID: uuid.New(), From: id(1), To: id(2), DistanceKm: 1, DurationMinutes: 1}}, route.ErrExists},
		{"loop", []network.Edge{{RouteID: uuid.New(), From: id(1), To: id(1), DistanceKm: 1, DurationMinutes: 1}}, network.ErrBadEdge},
		{"no route id", []network.Edge{{From: id(1), To: id(2), DistanceKm: 1, DurationMinutes: 1}}, network.ErrBadEdge},
		{"under a metre", []network.Edge{edge(1, 2, 0.0004, 1)}, network.ErrBadEdge},
		{"NaN", []network.Edge{edge(1, 2, math.NaN(), 1)}, network.ErrBadEdge},
		{"infinite", []network.Edge{edge(1, 2, math.Inf(1), 1)}, network.ErrBadEdge},
		{"no minutes", []network.Edge{edge(1, 2, 1, 0)}, network.ErrBadEdge},
	}
	for _, c := range cases {
		if _, err := network.New(ids(1, 2, 3), c.edges); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	g := mustGraph(t, ids(3, 1, 2, 1), nil) // a hub listed twice counts once; ids come out sorted
	if !reflect.DeepEqual(g.Hubs(), ids(1, 2, 3)) || g.EdgeCount() != 0 || network.Empty().NodeCount() != 0 {
		t.Errorf("hubs %v", g.Hubs())
	}
}

func TestApplyChanges(t *testing.T) {
	g := mustGraph(t, ids(1, 2, 3), []network.Edge{edge(1, 2, 1, 1), edge(2, 3, 1, 1), edge(3, 1, 1, 1)})
	// Removing a hub removes its routes, both directions.
	g2, err := g.Apply(network.RemoveNode(id(2)))
	if err != nil {
		t.Fatal(err)
	}
	if g2.NodeCount() != 2 || g2.EdgeCount() != 1 || g2.HasHub(id(2)) || g2.Edges()[0] != edge(3, 1, 1, 1) {
		t.Errorf("after removing hub 2: %v %v", g2.Hubs(), g2.Edges())
	}
	// Removing what is absent, adding what is there: no change, no error (a feed may repeat).
	g3, err := g2.Apply(network.RemoveNode(id(2)), network.RemoveEdge(edge(1, 2, 1, 1).RouteID), network.AddNode(id(1)))
	if err != nil || !reflect.DeepEqual(g3.Edges(), g2.Edges()) || !reflect.DeepEqual(g3.Hubs(), g2.Hubs()) {
		t.Errorf("idempotent changes: %v %v %v", err, g3.Hubs(), g3.Edges())
	}
	// A hub back, its routes back: in order within one batch.
	g4, err := g3.Apply(network.AddNode(id(2)), network.PutEdge(edge(1, 2, 1, 1)), network.PutEdge(edge(2, 3, 1, 1)))
	if err != nil || !reflect.DeepEqual(g4.Edges(), g.Edges()) || !reflect.DeepEqual(g4.Hubs(), g.Hubs()) {
		t.Errorf("restored: %v %v %v", err, g4.Hubs(), g4.Edges())
	}
	// Replacing a route by its id changes its figures.
	changed := edge(1, 2, 7.5, 9)
	g5, err := g4.Apply(network.PutEdge(changed))
	if err != nil || g5.EdgeCount() != 3 || !slices.Contains(g5.Edges(), changed) {
		t.Errorf("replaced: %v %v", err, g5.Edges())
	}
	// Refusals: a route to a hub that is not there, a second route of a pair, the zero Change.
	// A refused batch is refused whole, and the graph it was applied to is as it was.
	other := network.Edge{RouteID: uuid.New(), From: id(1), To: id(2), DistanceKm: 1, DurationMinutes: 1}
	for _, c := range []struct {
		changes []network.Change
		want    error
	}{
		{[]network.Change{network.RemoveNode(id(3)), network.PutEdge(edge(2, 3, 1, 1))}, hub.ErrNotFound},
		{[]network.Change{network.PutEdge(other)}, route.ErrExists},
		{[]network.Change{network.RemoveEdge(uuid.New()), {}}, network.ErrBadEdge},
	} {
		if got, err := g5.Apply(c.changes...); got != nil || !errors.Is(err, c.want) {
			t.Errorf("%v: %v, want %v", c.changes, err, c.want)
		}
	}
	// A route moved to other hubs in the batch is not removed with its old hub.
	moved := changed
	moved.From, moved.To = id(3), id(2)
	g6, err := g5.Apply(network.PutEdge(moved), network.RemoveNode(id(1)))
	if err != nil || !slices.Contains(g6.Edges(), moved) || g6.EdgeCount() != 2 {
		t.Errorf("moved route: %v %v", err, g6.Edges())
	}
	// Deleting the holder first frees the pair for the other route.
	if _, err := g5.Apply(network.RemoveEdge(changed.RouteID), network.PutEdge(other)); err != nil {
		t.Errorf("pair freed: %v", err)
	}
	if g5.EdgeCount() != 3 || !slices.Contains(g5.Edges(), changed) {
		t.Error("refused changes altered the graph")
	}
}

// TestApplyLeavesTheOldGraphAlone: every answer of a graph is the same after graphs are derived
// from it, and concurrent readers of the old graph race with no writer (go test -race).
func TestApplyLeavesTheOldGraphAlone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	nodes, edges := randomGraph(rng, 60, 0.08, []float64{1, 2, 3.5}, []int{1, 2, 3})
	g := mustGraph(t, nodes, edges)
	snapshot := func(g *network.Graph) any {
		return []any{g.Hubs(), g.Edges(), g.Matrix(network.ByDistance), g.Matrix(network.ByDuration)}
	}
	before := snapshot(g)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := g.Shortest(nodes[0], nodes[len(nodes)-1], network.ByDuration); err != nil && !errors.Is(err, network.ErrNoPath) {
					t.Error(err)
					return
				}
			}
		})
	}
	derived := g
	for i := range 40 {
		var c network.Change
		switch i % 4 {
		case 0:
			c = network.RemoveNode(nodes[rng.IntN(len(nodes))])
		case 1:
			c = network.AddNode(uuid.New())
		case 2:
			if es := derived.Edges(); len(es) > 0 {
				e := es[rng.IntN(len(es))]
				e.DistanceKm += 10
				c = network.PutEdge(e)
			} else {
				c = network.AddNode(uuid.New())
			}
		default:
			if es := derived.Edges(); len(es) > 0 {
				c = network.RemoveEdge(es[0].RouteID)
			} else {
				c = network.AddNode(uuid.New())
			}
		}
		next, err := derived.Apply(c)
		if err != nil {
			t.Fatal(err)
		}
		derived = next
	}
	close(stop)
	wg.Wait()
	if !reflect.DeepEqual(snapshot(g), before) {
		t.Error("the old graph changed")
	}
	if reflect.DeepEqual(snapshot(derived), before) {
		t.Error("the derived graph is the old one")
	}
	// What a graph hands out is a copy.
	g.Hubs()[0] = uuid.Nil
	g.Edges()[0].DistanceKm = -1
	if !reflect.DeepEqual(snapshot(g), before) {
		t.Error("the graph changed through its results")
	}
}

// randomGraph makes n hubs with random ids and, for each ordered pair with probability p, a route
// with a distance and a duration drawn from the small sets given, so that ties abound.
func randomGraph(rng *rand.Rand, n int, p float64, kms []float64, minutes []int) ([]uuid.UUID, []network.Edge) {
	nodes := make([]uuid.UUID, n)
	for i := range nodes {
		var u uuid.UUID
		for j := range u {
			u[j] = byte(rng.UintN(256))
		}
		if i > 0 && rng.IntN(4) == 0 {
			u = nodes[rng.IntN(i)]
			u[15] ^= byte(1 + rng.IntN(255)) // a near twin: ids that differ only at the end
		}
		nodes[i] = u
	}
	var edges []network.Edge
	for _, a := range nodes {
		for _, b := range nodes {
			if a != b && rng.Float64() < p {
				var rid uuid.UUID
				for j := range rid {
					rid[j] = byte(rng.UintN(256))
				}
				edges = append(edges, network.Edge{RouteID: rid, From: a, To: b,
					DistanceKm: kms[rng.IntN(len(kms))], DurationMinutes: minutes[rng.IntN(len(minutes))]})
			}
		}
	}
	return nodes, edges
}

// best is the reference answer: the least simple path by enumeration of all of them.
type best struct {
	found        bool
	cost         int64
	hubs         []uuid.UUID
	metres, mins int64
}

func bruteForce(nodes []uuid.UUID, edges []network.Edge, s, t uuid.UUID, by network.By) best {
	out := map[uuid.UUID][]network.Edge{}
	for _, e := range edges {
		out[e.From] = append(out[e.From], e)
	}
	var b best
	seen := map[uuid.UUID]bool{s: true}
	path := []uuid.UUID{s}
	var walk func(v uuid.UUID, metres, mins int64)
	walk = func(v uuid.UUID, metres, mins int64) {
		if v == t {
			cost := metres
			if by == network.ByDuration {
				cost = mins
			}
			if !b.found || cost < b.cost || cost == b.cost && (len(path) < len(b.hubs) ||
				len(path) == len(b.hubs) && slices.CompareFunc(path, b.hubs, func(x, y uuid.UUID) int { return bytes.Compare(x[:], y[:]) }) < 0) {
				b = best{found: true, cost: cost, hubs: slices.Clone(path), metres: metres, mins: mins}
			}
			return
		}
		for _, e := range out[v] {
			if seen[e.To] {
				continue
			}
			seen[e.To] = true
			path = append(path, e.To)
			walk(e.To, metres+int64(math.Round(e.DistanceKm*1000)), mins+int64(e.DurationMinutes))
			path = path[:len(path)-1]
			seen[e.To] = false
		}
	}
	walk(s, 0, 0)
	return b
}

// TestShortestAgainstBruteForce compares every answer on many small random graphs, full of ties,
// with the least of all simple paths under (cost, legs, hub-id sequence); and each graph's rows
// and matrix with those answers.
func TestShortestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	const graphs = 400
	compared, ties := 0, 0
	for gi := range graphs {
		n := 2 + rng.IntN(7)
		kms := [][]float64{{1}, {1, 2}, {0.1, 0.2, 0.3}, {1.5, 3, 4.5}}[rng.IntN(4)]
		nodes, edges := randomGraph(rng, n, 0.2+0.5*rng.Float64(), kms, []int{1, 2, 3}[:1+rng.IntN(3)])
		g := mustGraph(t, nodes, edges)
		for _, by := range []network.By{network.ByDistance, network.ByDuration} {
			matrix := g.Matrix(by)
			for si, s := range matrix.Hubs {
				row, err := g.Row(s, by)
				if err != nil {
					t.Fatal(err)
				}
				for ti, to := range matrix.Hubs {
					want := bruteForce(nodes, edges, s, to, by)
					p, err := g.Shortest(s, to, by)
					where := fmt.Sprintf("graph %d (%d hubs, %d routes) by %v, %d → %d", gi, n, len(edges), by, si, ti)
					if !want.found {
						if !errors.Is(err, network.ErrNoPath) || row[ti].Reachable || matrix.DistanceKm[si][ti] != nil || matrix.DurationMinutes[si][ti] != nil {
							t.Fatalf("%s: no path expected, got %+v %v %+v", where, p, err, row[ti])
						}
						continue
					}
					compared++
					if err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					if !reflect.DeepEqual(p.Hubs, want.hubs) {
						t.Fatalf("%s: hubs %v, want %v", where, p.Hubs, want.hubs)
					}
					km, mins := float64(want.metres)/1000, want.mins
					if p.TotalDistanceKm != km || p.TotalDurationMinutes != mins || p.By != by {
						t.Fatalf("%s: totals %v km %v min, want %v %v", where, p.TotalDistanceKm, p.TotalDurationMinutes, km, mins)
					}
					checkLegs(t, where, p)
					if r := row[ti]; !r.Reachable || r.DistanceKm != km || r.DurationMinutes != mins || r.Legs != len(p.Legs) {
						t.Fatalf("%s: row %+v", where, r)
					}
					if d, m := matrix.DistanceKm[si][ti], matrix.DurationMinutes[si][ti]; d == nil || m == nil || *d != km || *m != mins {
						t.Fatalf("%s: matrix cell %v %v", where, d, m)
					}
					if countLeast(nodes, edges, s, to, by, want) > 1 {
						ties++
					}
				}
			}
		}
	}
	t.Logf("%d paths compared over %d graphs, %d of them decided by legs or hub ids", compared, graphs, ties)
	if ties < 500 {
		t.Errorf("only %d answers were ties: the test does not exercise the tie rules", ties)
	}
}

// countLeast counts the simple paths that have the least cost: more than one means the answer
// was decided by the tie rules.
func countLeast(nodes []uuid.UUID, edges []network.Edge, s, t uuid.UUID, by network.By, b best) int {
	out := map[uuid.UUID][]network.Edge{}
	for _, e := range edges {
		out[e.From] = append(out[e.From], e)
	}
	count := 0
	seen := map[uuid.UUID]bool{s: true}
	var walk func(v uuid.UUID, cost int64)
	walk = func(v uuid.UUID, cost int64) {
		if cost > b.cost {
			return
		}
		if v == t {
			count++
			return
		}
		for _, e := range out[v] {
			if !seen[e.To] {
				seen[e.To] = true
				w := int64(math.Round(e.DistanceKm * 1000))
				if by == network.ByDuration {
					w = int64(e.DurationMinutes)
				}
				walk(e.To, cost+w)
				seen[e.To] = false
			}
		}
	}
	walk(s, 0)
	return count
}

func checkLegs(t *testing.T, where string, p network.Path) {
	t.Helper()
	if len(p.Legs) != len(p.Hubs)-1 {
		t.Fatalf("%s: %d legs for %d hubs", where, len(p.Legs), len(p.Hubs))
	}
	var metres, mins int64
	for i, l := range p.Legs {
		if l.From != p.Hubs[i] || l.To != p.Hubs[i+1] {
			t.Fatalf("%s: leg %d %v does not join %v and %v", where, i, l, p.Hubs[i], p.Hubs[i+1])
		}
		metres += int64(math.Round(l.DistanceKm * 1000))
		mins += int64(l.DurationMinutes)
	}
	if float64(metres)/1000 != p.TotalDistanceKm || mins != p.TotalDurationMinutes {
		t.Fatalf("%s: totals %v %v are not the legs' %v %v", where, p.TotalDistanceKm, p.TotalDurationMinutes, metres, mins)
	}
}

func TestParseBy(t *testing.T) {
	for _, by := range []network.By{network.ByDistance, network.ByDuration} {
		if got, ok := network.ParseBy(by.String()); !ok || got != by {
			t.Errorf("%v: %v %v", by, got, ok)
		}
	}
	for _, s := range []string{"", "Distance", "time", "distance "} {
		if _, ok := network.ParseBy(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}
