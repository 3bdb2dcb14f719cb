package network_test

import (
	"math"
	"runtime"
	"testing"
	"unsafe"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/network"
)

// The empty graph is its header and the one entry of start: Bytes counts exactly what it holds.
func TestGraph_BytesOfEmpty(t *testing.T) {
	want := int64(unsafe.Sizeof(network.Graph{})) + 4
	if got := network.Empty().Bytes(); got != want {
		t.Fatalf("Bytes of the empty graph = %d, want %d", got, want)
	}
}

// Bytes, computed from lengths and element sizes, is what building the graph keeps on the heap:
// the live heap grows by it within 2 % when a graph of 10,000 hubs and 50,000 routes is built,
// and again when one is derived from it by Apply (its arrays are fresh, none shared).
func TestGraph_BytesMatchesHeap(t *testing.T) {
	nodes, edges := synthetic(10000, 5, 42)
	g, growth := measure(t, func() *network.Graph {
		g, err := network.New(nodes, edges)
		if err != nil {
			t.Fatal(err)
		}
		return g
	})
	if g.NodeCount() != 10000 || g.EdgeCount() != 50000 {
		t.Fatalf("%d hubs, %d routes", g.NodeCount(), g.EdgeCount())
	}
	within(t, "New", g.Bytes(), growth)
	perRoute := float64(g.Bytes()) / float64(g.EdgeCount())
	t.Logf("10,000 hubs, 50,000 routes: Bytes %d (%.1f B/route), heap growth %d", g.Bytes(), perRoute, growth)
	// 64 B of Edge, 16 of arc, 20 of the route index, and a fifth of a hub's 20 B: about 104 B.
	if perRoute < 100 || perRoute > 110 {
		t.Fatalf("%.1f bytes a route, want about 104", perRoute)
	}

	e := edges[123]
	e.DurationMinutes++
	d, growth := measure(t, func() *network.Graph {
		d, err := g.Apply(network.PutEdge(e), network.RemoveNode(nodes[7]), network.AddNode(uuid.New()))
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
	within(t, "Apply", d.Bytes(), growth)
	runtime.KeepAlive(g)
	runtime.KeepAlive(nodes)
	runtime.KeepAlive(edges)
}

// measure is the live heap's growth across build, what survives a collection, with the graph
// built kept alive.
func measure(t *testing.T, build func() *network.Graph) (*network.Graph, int64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(g)
	return g, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

func within(t *testing.T, what string, bytes, growth int64) {
	t.Helper()
	if diff := math.Abs(float64(bytes-growth)) / float64(growth); diff > 0.02 {
		t.Fatalf("%s: Bytes %d, heap growth %d: %.1f %% apart, want within 2 %%", what, bytes, growth, 100*diff)
	}
}
