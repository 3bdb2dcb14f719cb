package network

import (
	"math"
	"runtime"
	"sync"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// By is what a search minimises.
type By uint8

// The two costs of the contract's by= parameter; ByDistance is the default.
const (
	ByDistance By = iota
	ByDuration
)

// String is the contract's name: distance or duration.
func (b By) String() string {
	if b == ByDuration {
		return "duration"
	}
	return "distance"
}

// ParseBy reads the contract's by= value; ok is false for anything but distance and duration.
func ParseBy(s string) (b By, ok bool) {
	switch s {
	case "distance":
		return ByDistance, true
	case "duration":
		return ByDuration, true
	}
	return 0, false
}

// ErrNoPath means both hubs are in the network, but no way along its routes leads from the first
// to the second.
var ErrNoPath = kernel.NewError(kernel.NotFound, "NO_PATH", "no path").
	WithDetail("no way along live routes leads from the first hub to the second")

// Path is the shortest way from one hub to another.
type Path struct {
	By   By
	Hubs []uuid.UUID // From first, To last; just From when From is To
	Legs []Edge      // len(Hubs)-1 routes, Legs[i] from Hubs[i] to Hubs[i+1]
	// The totals of both figures along the path, whichever By chose it; the distance is a sum of
	// whole metres, so it has at most three decimals.
	TotalDistanceKm      float64
	TotalDurationMinutes int64
}

// Totals are the sums of both figures along the shortest path to one hub.
type Totals struct {
	Reachable       bool // false: no way; the other fields are zero
	DistanceKm      float64
	DurationMinutes int64
	Legs            int
}

// Matrix holds the totals of the shortest path between every ordered pair of hubs: row i, column
// j is the way from Hubs[i] to Hubs[j]; nil where there is none. The diagonal is zero.
type Matrix struct {
	By              By
	Hubs            []uuid.UUID
	DistanceKm      [][]*float64
	DurationMinutes [][]*int64
}

// Shortest is the least path from one hub to another under by (see the package documentation
// for the order); from == to is the path of no legs. A hub not in the network is hub.ErrNotFound,
// and no way is ErrNoPath.
func (g *Graph) Shortest(from, to uuid.UUID, by By) (Path, error) {
	s, err := g.node(from)
	if err != nil {
		return Path{}, err
	}
	t, err := g.node(to)
	if err != nil {
		return Path{}, err
	}
	w := g.workspace()
	defer workspaces.Put(w)
	g.search(w, s, t, by)
	if w.cost[t] == unreached {
		return Path{}, ErrNoPath
	}
	n := int(w.legs[t])
	p := Path{By: by, Hubs: make([]uuid.UUID, n+1), Legs: make([]Edge, n)}
	v := t
	for i := n; i > 0; i-- {
		k := w.via[v]
		p.Hubs[i], p.Legs[i-1] = g.ids[v], g.edges[k]
		v = w.parent[v]
	}
	p.Hubs[0] = g.ids[s]
	p.TotalDistanceKm, p.TotalDurationMinutes = w.totals(t, by)
	return p, nil
}

// Row is the totals of the shortest paths from one hub to every hub, in the order of Hubs.
func (g *Graph) Row(from uuid.UUID, by By) ([]Totals, error) {
	s, err := g.node(from)
	if err != nil {
		return nil, err
	}
	w := g.workspace()
	defer workspaces.Put(w)
	g.search(w, s, -1, by)
	row := make([]Totals, len(g.ids))
	for v := range row {
		if w.cost[v] != unreached {
			d, m := w.totals(int32(v), by)
			row[v] = Totals{Reachable: true, DistanceKm: d, DurationMinutes: m, Legs: int(w.legs[v])}
		}
	}
	return row, nil
}

// Matrix computes every row, one full search per hub, on as many goroutines as there are
// processors. It needs memory for n² cells: for a large network, stream Row instead.
func (g *Graph) Matrix(by By) Matrix {
	n := len(g.ids)
	m := Matrix{By: by, Hubs: g.Hubs(), DistanceKm: make([][]*float64, n), DurationMinutes: make([][]*int64, n)}
	next := make(chan int32)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			w := g.workspace()
			defer workspaces.Put(w)
			for s := range next {
				g.search(w, s, -1, by)
				dist, dur := make([]float64, n), make([]int64, n)
				drow, mrow := make([]*float64, n), make([]*int64, n)
				for v := range n {
					if w.cost[v] != unreached {
						dist[v], dur[v] = w.totals(int32(v), by)
						drow[v], mrow[v] = &dist[v], &dur[v]
					}
				}
				m.DistanceKm[s], m.DurationMinutes[s] = drow, mrow
			}
		})
	}
	for s := range int32(n) { //nolint:gosec // G115: node numbers are int32 (build numbers them so)
		next <- s
	}
	close(next)
	wg.Wait()
	return m
}

// unreached is the cost of a node no path has reached yet.
const unreached = math.MaxInt64

// workspace is one search's state, pooled: a search of 10,000 hubs needs about 300 KB of it, and
// a path query should not make that much garbage.
type workspace struct {
	cost   []int64 // the cost minimised; unreached
	other  []int64 // the other figure's sum along the same path
	legs   []int32
	parent []int32 // the hub before, on the best path so far; -1 at the source
	via    []int32 // the arc from parent
	done   []bool
	heap   minHeap
	// touched are the nodes the last search reached: reset puts back only those, so a search
	// costs what it reaches, not the size of the network (a network of 10,000 linked hubs among a
	// million live ones).
	touched []int32
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

func (g *Graph) workspace() *workspace {
	w := workspaces.Get().(*workspace)
	n := len(g.ids)
	if cap(w.cost) < n {
		w.cost, w.other = make([]int64, n), make([]int64, n)
		w.legs, w.parent, w.via = make([]int32, n), make([]int32, n), make([]int32, n)
		w.done = make([]bool, n)
		for i := range w.cost {
			w.cost[i] = unreached
		}
		w.touched = w.touched[:0]
	}
	w.cost, w.other, w.legs = w.cost[:n], w.other[:n], w.legs[:n]
	w.parent, w.via, w.done = w.parent[:n], w.via[:n], w.done[:n]
	return w
}

// reset forgets the last search; only cost and done are read before they are written, and only
// the nodes it touched hold anything else than unreached and false (the whole capacity is clean
// between searches, so a workspace serves a graph of any size up to it).
func (w *workspace) reset() {
	cost, done := w.cost[:cap(w.cost)], w.done[:cap(w.done)]
	for _, v := range w.touched {
		cost[v], done[v] = unreached, false
	}
	w.touched, w.heap = w.touched[:0], w.heap[:0]
}

// reach records that v's cost is about to be written for the first time in this search.
func (w *workspace) reach(v int32) {
	if w.cost[v] == unreached {
		w.touched = append(w.touched, v)
	}
}

// totals converts v's sums to the figures: (distance km, duration minutes).
func (w *workspace) totals(v int32, by By) (float64, int64) {
	if by == ByDuration {
		return float64(w.other[v]) / 1000, w.cost[v]
	}
	return float64(w.cost[v]) / 1000, w.other[v]
}

// search runs Dijkstra from s, until it settles t (or everything, for t < 0), leaving in w the
// least path to every settled node under the order (cost, legs, hub-id sequence).
//
// Why it finds the least path under that whole order, and not only under (cost, legs): every
// cost is positive, so the hub before v on any path to v at v's least cost has a strictly
// smaller cost and is settled before v; all the candidates for v's last leg are therefore seen
// before v is settled. Two candidates u and u' with equal (cost, legs) reach v with sequences of
// equal length, so the one whose own sequence from s is smaller gives the smaller sequence to v
// (the sequences differ before v): the least path's prefixes are least paths, and keeping the
// least candidate at each node is correct. What must be compared is the whole sequences from s,
// not u and u': those decide only when the paths meet just before them. seqLess compares them by
// walking both parent chains back to where they meet; the first difference from s is the pair
// just after the meeting point. The chains belong to settled nodes, whose parents no longer
// change. A candidate that ties on the sequence too is the same path, so the result is unique.
func (g *Graph) search(w *workspace, s, t int32, by By) {
	w.reset()
	w.reach(s)
	w.cost[s], w.other[s], w.legs[s], w.parent[s], w.via[s] = 0, 0, 0, -1, -1
	w.heap.push(item{cost: 0, legs: 0, node: s})
	for len(w.heap) > 0 {
		it := w.heap.pop()
		u := it.node
		if w.done[u] || it.cost != w.cost[u] || it.legs != w.legs[u] {
			continue // a stale entry: u was reached more cheaply after it was pushed
		}
		w.done[u] = true
		if u == t {
			return
		}
		cu, lu, ou := w.cost[u], w.legs[u]+1, w.other[u]
		for k := g.start[u]; k < g.start[u+1]; k++ {
			a := &g.arcs[k]
			v := a.to
			if w.done[v] {
				continue
			}
			c, o := cu+a.metres, ou+int64(a.minutes)
			if by == ByDuration {
				c, o = cu+int64(a.minutes), ou+a.metres
			}
			switch cv := w.cost[v]; {
			case c < cv || c == cv && lu < w.legs[v]:
				w.heap.push(item{cost: c, legs: lu, node: v})
			case c == cv && lu == w.legs[v] && w.seqLess(u, w.parent[v]):
				// same cost and legs: only the parent changes, the heap entry stays right
			default:
				continue
			}
			w.reach(v)
			w.cost[v], w.other[v], w.legs[v], w.parent[v], w.via[v] = c, o, lu, u, k
		}
	}
}

// seqLess reports whether the least path to a is smaller, as a sequence of hub ids from the
// source, than the least path to b. Both are settled and have as many legs.
func (w *workspace) seqLess(a, b int32) bool {
	for a != b {
		pa, pb := w.parent[a], w.parent[b]
		if pa == pb {
			return a < b // node numbers are in id order
		}
		a, b = pa, pb
	}
	return false
}

// item is a heap entry: a node with the (cost, legs) it was reached with.
type item struct {
	cost int64
	legs int32
	node int32
}

// minHeap is a binary heap of items by (cost, legs), written out rather than through
// container/heap so that pushing and popping make no interface calls and box nothing.
type minHeap []item

func (h minHeap) less(i, j int) bool {
	return h[i].cost < h[j].cost || h[i].cost == h[j].cost && h[i].legs < h[j].legs
}

func (h *minHeap) push(it item) {
	*h = append(*h, it)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *minHeap) pop() item {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		c := l
		if r := l + 1; r < len(q) && q.less(r, l) {
			c = r
		}
		if !q.less(c, i) {
			break
		}
		q[i], q[c] = q[c], q[i]
		i = c
	}
	*h = q
	return top
}
