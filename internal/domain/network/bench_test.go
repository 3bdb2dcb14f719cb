package network_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/network"
)

// synthetic is a road-like network: n hubs scattered over a 500 km square, each with a route to
// each of its k nearest neighbours (found on a grid of cells), 20 % longer than the straight line
// and driven at 60 km/h plus 10 minutes. With n = 10,000 and k = 5 it is the 10,000 hubs
// and 50,000 routes.
func synthetic(n, k int, seed uint64) ([]uuid.UUID, []network.Edge) {
	rng := rand.New(rand.NewPCG(seed, seed))
	type pt struct{ x, y float64 }
	pts := make([]pt, n)
	nodes := make([]uuid.UUID, n)
	const side = 500.0
	cells := int(math.Sqrt(float64(n) / 4)) // about four hubs a cell
	grid := make([][]int, cells*cells)
	cellOf := func(p pt) (int, int) {
		return min(int(p.x/side*float64(cells)), cells-1), min(int(p.y/side*float64(cells)), cells-1)
	}
	for i := range pts {
		pts[i] = pt{rng.Float64() * side, rng.Float64() * side}
		nodes[i] = newID(rng)
		cx, cy := cellOf(pts[i])
		grid[cy*cells+cx] = append(grid[cy*cells+cx], i)
	}
	edges := make([]network.Edge, 0, n*k)
	type cand struct {
		j int
		d float64
	}
	for i, p := range pts {
		cx, cy := cellOf(p)
		var cs []cand
		for r := 1; len(cs) < k+1 && r < cells; r++ {
			cs = cs[:0]
			for y := max(cy-r, 0); y <= min(cy+r, cells-1); y++ {
				for x := max(cx-r, 0); x <= min(cx+r, cells-1); x++ {
					for _, j := range grid[y*cells+x] {
						if j != i {
							cs = append(cs, cand{j, math.Hypot(pts[j].x-p.x, pts[j].y-p.y)})
						}
					}
				}
			}
		}
		for range min(k, len(cs)) {
			b := 0
			for c := range cs {
				if cs[c].d < cs[b].d {
					b = c
				}
			}
			km := math.Ceil(cs[b].d*1.2*1000+1) / 1000
			edges = append(edges, network.Edge{RouteID: newID(rng), From: nodes[i], To: nodes[cs[b].j],
				DistanceKm: km, DurationMinutes: int(km) + 10})
			cs[b] = cs[len(cs)-1]
			cs = cs[:len(cs)-1]
		}
	}
	return nodes, edges
}

func newID(rng *rand.Rand) uuid.UUID {
	var u uuid.UUID
	for j := range u {
		u[j] = byte(rng.UintN(256))
	}
	return u
}

func bench10k(b *testing.B) (*network.Graph, []uuid.UUID) {
	b.Helper()
	nodes, edges := synthetic(10000, 5, 42)
	g, err := network.New(nodes, edges)
	if err != nil {
		b.Fatal(err)
	}
	if g.NodeCount() != 10000 || g.EdgeCount() != 50000 {
		b.Fatalf("%d hubs, %d routes", g.NodeCount(), g.EdgeCount())
	}
	return g, nodes
}

// BenchmarkPath10k is one path query between two random hubs of 10,000 (50,000 routes); the
// search stops when it settles the destination, so on average it settles half the network.
func BenchmarkPath10k(b *testing.B) {
	g, nodes := bench10k(b)
	for _, by := range []network.By{network.ByDistance, network.ByDuration} {
		b.Run(by.String(), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			legs, noPath := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				p, err := g.Shortest(nodes[rng.IntN(len(nodes))], nodes[rng.IntN(len(nodes))], by)
				if err != nil {
					noPath++
				}
				legs += len(p.Legs)
			}
			b.ReportMetric(float64(legs)/float64(b.N), "legs/op")
			b.ReportMetric(float64(noPath)/float64(b.N), "nopath/op")
		})
	}
}

// BenchmarkRow10k is one row of the matrix: a full search from one hub of 10,000.
func BenchmarkRow10k(b *testing.B) {
	g, nodes := bench10k(b)
	rng := rand.New(rand.NewPCG(2, 2))
	b.ReportAllocs()
	reached := 0
	for b.Loop() {
		row, err := g.Row(nodes[rng.IntN(len(nodes))], network.ByDistance)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range row {
			if c.Reachable {
				reached++
			}
		}
	}
	b.ReportMetric(float64(reached)/float64(b.N), "reached/op")
}

// BenchmarkApply10k is deriving a graph with one route changed, what applying one event costs.
func BenchmarkApply10k(b *testing.B) {
	g, _ := bench10k(b)
	e := g.Edges()[123]
	b.ReportAllocs()
	for b.Loop() {
		e.DurationMinutes = 1 + e.DurationMinutes%100
		if _, err := g.Apply(network.PutEdge(e)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew10k builds the graph from lists, as a start does, and reports the heap the graph
// keeps per route (nodes included).
func BenchmarkNew10k(b *testing.B) {
	nodes, edges := synthetic(10000, 5, 42)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept, err := network.New(nodes, edges)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heapPerRoute := float64(after.HeapAlloc-before.HeapAlloc) / float64(kept.EdgeCount())
	runtime.KeepAlive(kept)
	b.ReportAllocs()
	for b.Loop() {
		g, err := network.New(nodes, edges)
		if err != nil {
			b.Fatal(err)
		}
		sink = g
	}
	b.ReportMetric(heapPerRoute, "heapB/route")
	runtime.KeepAlive(nodes) // else the lists die with the collection and hide the graph's size
	runtime.KeepAlive(edges)
}

// sink keeps the measured graph reachable across the collection that measures it.
var sink *network.Graph
