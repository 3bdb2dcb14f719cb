package network

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"unsafe"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/route"
)

// Edge is a live route as the network sees it.
type Edge struct {
	RouteID         uuid.UUID
	From            uuid.UUID // departure hub
	To              uuid.UUID // arrival hub
	DistanceKm      float64
	DurationMinutes int
}

// ErrBadEdge is matched by the error for an edge no live route could be: a loop, a nil id, or a
// figure that is not positive in whole metres and minutes (the searches need positive costs).
var ErrBadEdge = errors.New("network: bad edge")

// Graph is an immutable directed graph: the live hubs as nodes, the live routes as edges.
//
// Everything is in flat sorted arrays, no maps: nodes are numbered in the byte order of their
// ids (so comparing two node numbers compares two ids, and an id is found by binary search), a
// node's out-edges lie together ordered by arrival (compressed sparse rows), and the routes are
// indexed by id. A search's inner loop walks two flat arrays, and Apply derives the next graph
// with a few linear copies instead of hashing every route again.
type Graph struct {
	ids    []uuid.UUID // sorted by bytes; a node's number is its index
	start  []int32     // out-arcs of node i are arcs[start[i]:start[i+1]]
	arcs   []arc
	edges  []Edge     // edges[k] is the route of arcs[k]
	routes []routeRef // sorted by route id
}

// arc is an edge with its costs as the searches compare them.
type arc struct {
	to      int32
	minutes int32
	metres  int64
}

// routeRef finds a route: its departure's number, whose out-arcs hold it.
type routeRef struct {
	id   uuid.UUID
	from int32
}

// Empty is the graph without hubs.
func Empty() *Graph { return &Graph{start: []int32{0}} }

// New builds a graph of the given hubs and routes. A hub listed twice counts once. An edge whose
// end is not among the nodes is hub.ErrNotFound; two edges with one route id, or two routes of
// one ordered pair (there is one live route per pair), are route.ErrExists; a loop or a figure
// under a metre or a minute is ErrBadEdge.
func New(nodes []uuid.UUID, edges []Edge) (*Graph, error) {
	// In bulk, as a start does it: sort once and lay out, without Apply's maps.
	g := &Graph{ids: slices.Clone(nodes)}
	slices.SortFunc(g.ids, compareIDs)
	g.ids = slices.Compact(g.ids)
	g.start = make([]int32, len(g.ids)+1)
	from := make([]int32, len(edges))
	for i, e := range edges {
		if err := checkEdge(e); err != nil {
			return nil, err
		}
		f, err := g.end(e, e.From)
		if err != nil {
			return nil, err
		}
		if _, err := g.end(e, e.To); err != nil {
			return nil, err
		}
		from[i] = f
		g.start[f+1]++
	}
	for i := range g.ids {
		g.start[i+1] += g.start[i]
	}
	g.arcs, g.edges = make([]arc, len(edges)), make([]Edge, len(edges))
	g.routes = make([]routeRef, len(edges))
	fill := slices.Clone(g.start[:len(g.ids)])
	for i, e := range edges {
		k := fill[from[i]]
		fill[from[i]]++
		to, _ := g.lookup(e.To)
		g.arcs[k], g.edges[k] = arcOf(e, to), e
		g.routes[i] = routeRef{id: e.RouteID, from: from[i]}
	}
	for n := range g.ids {
		lo, hi := g.start[n], g.start[n+1]
		sortByArrival(g.arcs[lo:hi], g.edges[lo:hi])
		for k := lo + 1; k < hi; k++ {
			if g.arcs[k].to == g.arcs[k-1].to {
				return nil, fmt.Errorf("route %s: %w", g.edges[k].RouteID, &route.ExistsError{Holder: g.edges[k-1].RouteID})
			}
		}
	}
	slices.SortFunc(g.routes, func(x, y routeRef) int { return compareIDs(x.id, y.id) })
	for i := 1; i < len(g.routes); i++ {
		if g.routes[i].id == g.routes[i-1].id {
			return nil, fmt.Errorf("route %s listed twice: %w", g.routes[i].id, route.ErrExists)
		}
	}
	return g, nil
}

// end is the number of one end of e, or hub.ErrNotFound.
func (g *Graph) end(e Edge, id uuid.UUID) (int32, error) {
	if n, ok := g.lookup(id); ok {
		return n, nil
	}
	return 0, fmt.Errorf("route %s: hub %s is not in the network: %w", e.RouteID, id, hub.ErrNotFound)
}

// checkEdge refuses an edge no live route could be. The bounds also keep the sums of a path far
// from overflowing: a path has fewer legs than the graph has nodes, and at most 1e9 km and 2^31
// minutes a leg it stays inside an int64.
func checkEdge(e Edge) error {
	if e.RouteID == uuid.Nil || e.From == e.To || !(e.DistanceKm > 0 && e.DistanceKm <= 1e9) || metres(e.DistanceKm) < 1 ||
		e.DurationMinutes < 1 || e.DurationMinutes > math.MaxInt32 {
		return fmt.Errorf("%w: route %s from %s to %s, %v km, %d min", ErrBadEdge, e.RouteID, e.From, e.To, e.DistanceKm, e.DurationMinutes)
	}
	return nil
}

func arcOf(e Edge, to int32) arc {
	return arc{to: to, minutes: int32(e.DurationMinutes), metres: metres(e.DistanceKm)} //nolint:gosec // G115: checkEdge bounds minutes by MaxInt32
}

// NodeCount is the number of hubs.
func (g *Graph) NodeCount() int { return len(g.ids) }

// EdgeCount is the number of routes.
func (g *Graph) EdgeCount() int { return len(g.edges) }

// Bytes is the memory the graph holds: its header and the backing arrays of its slices, at their
// capacities (Apply may leave some slack). It is computed from lengths and element sizes, not
// measured, so it costs nothing and can be read on every scrape; it leaves out the allocator's
// rounding, which for arrays this large is well under a percent (TestGraph_BytesMatchesHeap).
// Two graphs derived one from the other share nothing, so a swap's old graph is freed whole.
func (g *Graph) Bytes() int64 {
	return int64(unsafe.Sizeof(*g)) +
		int64(cap(g.ids))*int64(unsafe.Sizeof(uuid.UUID{})) +
		int64(cap(g.start))*int64(unsafe.Sizeof(int32(0))) +
		int64(cap(g.arcs))*int64(unsafe.Sizeof(arc{})) +
		int64(cap(g.edges))*int64(unsafe.Sizeof(Edge{})) +
		int64(cap(g.routes))*int64(unsafe.Sizeof(routeRef{}))
}

// Hubs are the hubs' ids in byte order, the order of the matrix's rows and columns. The result is
// a copy.
func (g *Graph) Hubs() []uuid.UUID { return slices.Clone(g.ids) }

// HasHub reports whether id is a node.
func (g *Graph) HasHub(id uuid.UUID) bool { _, ok := g.lookup(id); return ok }

// Edges are every route, ordered by departure and then arrival hub id. The result is a copy.
func (g *Graph) Edges() []Edge { return slices.Clone(g.edges) }

// Edge is the route with that id, if it is in the graph.
func (g *Graph) Edge(routeID uuid.UUID) (Edge, bool) {
	if k, ok := g.arcOf(routeID); ok {
		return g.edges[k], true
	}
	return Edge{}, false
}

func (g *Graph) lookup(id uuid.UUID) (int32, bool) {
	i, ok := slices.BinarySearchFunc(g.ids, id, compareIDs)
	return int32(i), ok //nolint:gosec // G115: node numbers fit in int32 (build numbers them so)
}

// node is id's number, or hub.ErrNotFound.
func (g *Graph) node(id uuid.UUID) (int32, error) {
	if i, ok := g.lookup(id); ok {
		return i, nil
	}
	return 0, fmt.Errorf("hub %s is not in the network: %w", id, hub.ErrNotFound)
}

// arcOf is the position of the route's arc.
func (g *Graph) arcOf(routeID uuid.UUID) (int32, bool) {
	i, ok := slices.BinarySearchFunc(g.routes, routeID, func(r routeRef, id uuid.UUID) int { return compareIDs(r.id, id) })
	if !ok {
		return 0, false
	}
	u := g.routes[i].from
	for k := g.start[u]; k < g.start[u+1]; k++ {
		if g.edges[k].RouteID == routeID {
			return k, true
		}
	}
	return 0, false // cannot happen: build indexes every arc
}

// pairHolder is the route from one node to another, if any; a node's arcs are ordered by arrival.
func (g *Graph) pairHolder(from, to int32) (uuid.UUID, bool) {
	seg := g.arcs[g.start[from]:g.start[from+1]]
	k, ok := slices.BinarySearchFunc(seg, to, func(a arc, to int32) int { return int(a.to) - int(to) })
	if !ok {
		return uuid.Nil, false
	}
	return g.edges[int(g.start[from])+k].RouteID, true
}

// Change is one change of a graph, for Apply.
type Change struct {
	op   changeOp
	id   uuid.UUID
	edge Edge
}

type changeOp uint8

const (
	opAddNode changeOp = iota + 1
	opRemoveNode
	opPutEdge
	opRemoveEdge
)

// AddNode adds a hub (a hub created or restored); a hub already there is no change.
func AddNode(id uuid.UUID) Change { return Change{op: opAddNode, id: id} }

// RemoveNode removes a hub and every route from or to it (a hub deleted); an absent hub is no
// change.
func RemoveNode(id uuid.UUID) Change { return Change{op: opRemoveNode, id: id} }

// PutEdge adds a route, or replaces the route with the same id (a route created, updated or
// restored). Its hubs must be nodes by then (hub.ErrNotFound), and no other route may link the
// same ordered pair (route.ErrExists).
func PutEdge(e Edge) Change { return Change{op: opPutEdge, edge: e} }

// RemoveEdge removes a route (a route deleted); an absent route is no change, so a route
// deletion that a hub's removal already applied is harmless.
func RemoveEdge(routeID uuid.UUID) Change { return Change{op: opRemoveEdge, id: routeID} }

// Apply returns a new graph: g with the changes applied in order. g itself is left as it was, so
// whoever holds it goes on seeing the state before all of them, never a part. When a change
// fails, Apply returns its error and no graph. The changes are gathered in small maps of what
// they touch and the new graph is then copied from g in one linear pass, so a batch costs about
// one pass over the arrays however many changes it holds: a follower that is behind should apply
// its events in batches.
func (g *Graph) Apply(changes ...Change) (*Graph, error) {
	o := newOverlay(g)
	for i, c := range changes {
		var err error
		switch c.op {
		case opAddNode:
			o.addNode(c.id)
		case opRemoveNode:
			o.removeNode(c.id)
		case opPutEdge:
			err = o.putEdge(c.edge, true)
		case opRemoveEdge:
			o.removeEdge(c.id)
		default:
			err = fmt.Errorf("%w: change %d is the zero Change", ErrBadEdge, i)
		}
		if err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
	}
	return o.build(), nil
}

// overlay is a graph being derived from base: what the changes touched, in maps, over base,
// which is never written to.
type overlay struct {
	base  *Graph
	nodes map[uuid.UUID]bool         // touched hubs: there or not
	edges map[uuid.UUID]*Edge        // touched routes: nil when removed
	pairs map[[2]uuid.UUID]uuid.UUID // touched ordered pairs: the route holding it, or uuid.Nil
}

func newOverlay(base *Graph) *overlay {
	return &overlay{base: base, nodes: map[uuid.UUID]bool{}, edges: map[uuid.UUID]*Edge{}, pairs: map[[2]uuid.UUID]uuid.UUID{}}
}

func (o *overlay) hasNode(id uuid.UUID) bool {
	if there, ok := o.nodes[id]; ok {
		return there
	}
	return o.base.HasHub(id)
}

func (o *overlay) edge(routeID uuid.UUID) (Edge, bool) {
	if e, ok := o.edges[routeID]; ok {
		if e == nil {
			return Edge{}, false
		}
		return *e, true
	}
	return o.base.Edge(routeID)
}

func (o *overlay) pairHolder(from, to uuid.UUID) (uuid.UUID, bool) {
	if h, ok := o.pairs[[2]uuid.UUID{from, to}]; ok {
		return h, h != uuid.Nil
	}
	f, okf := o.base.lookup(from)
	t, okt := o.base.lookup(to)
	if !okf || !okt {
		return uuid.Nil, false
	}
	return o.base.pairHolder(f, t)
}

func (o *overlay) addNode(id uuid.UUID) {
	if !o.hasNode(id) {
		o.nodes[id] = true
	}
}

func (o *overlay) removeNode(id uuid.UUID) {
	if !o.hasNode(id) {
		return
	}
	o.nodes[id] = false
	var gone []uuid.UUID
	for rid, e := range o.edges {
		if e != nil && (e.From == id || e.To == id) {
			gone = append(gone, rid)
		}
	}
	if n, ok := o.base.lookup(id); ok {
		// Its routes in base: out-arcs together, in-arcs anywhere (one scan; hubs go rarely).
		// A route the overlay has touched is the overlay's (it may have other ends by now),
		// handled above.
		b := o.base
		for k := range b.arcs {
			rid := b.edges[k].RouteID
			if _, touched := o.edges[rid]; !touched && (b.arcs[k].to == n || k >= int(b.start[n]) && k < int(b.start[n+1])) {
				gone = append(gone, rid)
			}
		}
	}
	for _, rid := range gone {
		o.removeEdge(rid)
	}
}

func (o *overlay) removeEdge(routeID uuid.UUID) {
	if e, ok := o.edge(routeID); ok {
		o.edges[routeID] = nil
		o.pairs[[2]uuid.UUID{e.From, e.To}] = uuid.Nil
	}
}

// putEdge adds e; with replace, a route of the same id is replaced rather than refused (New,
// which refuses it, does not come here).
func (o *overlay) putEdge(e Edge, replace bool) error {
	if err := checkEdge(e); err != nil {
		return err
	}
	for _, end := range [2]uuid.UUID{e.From, e.To} {
		if !o.hasNode(end) {
			return fmt.Errorf("route %s: hub %s is not in the network: %w", e.RouteID, end, hub.ErrNotFound)
		}
	}
	if _, ok := o.edge(e.RouteID); ok {
		if !replace {
			return fmt.Errorf("route %s listed twice: %w", e.RouteID, route.ErrExists)
		}
		o.removeEdge(e.RouteID)
	}
	if holder, ok := o.pairHolder(e.From, e.To); ok {
		return fmt.Errorf("route %s: %w", e.RouteID, &route.ExistsError{Holder: holder})
	}
	o.edges[e.RouteID] = &e
	o.pairs[[2]uuid.UUID{e.From, e.To}] = e.RouteID
	return nil
}

// build copies base with the touched hubs and routes replaced, in one pass over base's arrays.
func (o *overlay) build() *Graph {
	b := o.base
	// The hubs: base's that stay, merged with the added ones, in id order; renumber maps base's
	// numbers to the new ones (-1: removed).
	var added []uuid.UUID
	for id, there := range o.nodes {
		if there && !b.HasHub(id) {
			added = append(added, id)
		}
	}
	slices.SortFunc(added, compareIDs)
	g := &Graph{ids: make([]uuid.UUID, 0, len(b.ids)+len(added))}
	renumber := make([]int32, len(b.ids))
	fromBase := make([]int32, 0, len(b.ids)+len(added)) // new number → base number, or -1
	for i, j := 0, 0; i < len(b.ids) || j < len(added); {
		if j == len(added) || i < len(b.ids) && compareIDs(b.ids[i], added[j]) < 0 {
			if there, ok := o.nodes[b.ids[i]]; ok && !there {
				renumber[i] = -1
			} else {
				renumber[i] = int32(len(g.ids)) //nolint:gosec // G115: fewer hubs than int32 holds
				g.ids = append(g.ids, b.ids[i])
				fromBase = append(fromBase, int32(i))
			}
			i++
		} else {
			g.ids = append(g.ids, added[j])
			fromBase = append(fromBase, -1)
			j++
		}
	}
	// The routes the changes put, by departure; and base's departures whose arcs need a look.
	newOut := map[uuid.UUID][]Edge{}
	for _, e := range o.edges {
		if e != nil {
			newOut[e.From] = append(newOut[e.From], *e)
		}
	}
	touched := make(map[int32]bool, len(o.edges))
	for rid := range o.edges {
		if k, ok := b.arcOf(rid); ok {
			touched[b.departureOf(k)] = true
		}
	}
	extra := 0
	for _, es := range newOut {
		extra += len(es)
	}
	g.start = make([]int32, 1, len(g.ids)+1)
	g.arcs = make([]arc, 0, len(b.arcs)+extra)
	g.edges = make([]Edge, 0, len(b.arcs)+extra)
	for n, id := range g.ids {
		lo := len(g.arcs)
		if i := fromBase[n]; i >= 0 {
			check := touched[i]
			for k := b.start[i]; k < b.start[i+1]; k++ {
				if check {
					if _, ok := o.edges[b.edges[k].RouteID]; ok {
						continue // removed, or replaced by a route in newOut
					}
				}
				a := b.arcs[k]
				a.to = renumber[a.to]
				g.arcs = append(g.arcs, a)
				g.edges = append(g.edges, b.edges[k])
			}
		}
		if es := newOut[id]; len(es) > 0 {
			for _, e := range es {
				to, _ := g.lookup(e.To)
				g.arcs = append(g.arcs, arcOf(e, to))
				g.edges = append(g.edges, e)
			}
			sortByArrival(g.arcs[lo:], g.edges[lo:])
		}
		g.start = append(g.start, int32(len(g.arcs))) //nolint:gosec // G115: fewer routes than int32 holds
	}
	// The route index: base's untouched entries renumbered, merged with the put routes.
	var put []routeRef
	for _, e := range o.edges {
		if e != nil {
			from, _ := g.lookup(e.From)
			put = append(put, routeRef{id: e.RouteID, from: from})
		}
	}
	slices.SortFunc(put, func(x, y routeRef) int { return compareIDs(x.id, y.id) })
	g.routes = make([]routeRef, 0, len(g.edges))
	for i, j := 0, 0; i < len(b.routes) || j < len(put); {
		if j == len(put) || i < len(b.routes) && compareIDs(b.routes[i].id, put[j].id) < 0 {
			if _, ok := o.edges[b.routes[i].id]; !ok {
				g.routes = append(g.routes, routeRef{id: b.routes[i].id, from: renumber[b.routes[i].from]})
			}
			i++
		} else {
			g.routes = append(g.routes, put[j])
			j++
		}
	}
	return g
}

// departureOf is the node whose out-arcs hold arc k.
func (g *Graph) departureOf(k int32) int32 {
	n, _ := slices.BinarySearch(g.start, k+1)
	return int32(n - 1) //nolint:gosec // G115: a node number
}

// sortByArrival orders one node's arcs, and their edges alongside, by arrival. Most nodes have a
// handful, which insertion sort handles without allocating.
func sortByArrival(a []arc, e []Edge) {
	if len(a) > 12 {
		sort.Sort(arcsByArrival{a, e})
		return
	}
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].to < a[j-1].to; j-- {
			a[j], a[j-1] = a[j-1], a[j]
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
}

type arcsByArrival struct {
	a []arc
	e []Edge
}

func (s arcsByArrival) Len() int           { return len(s.a) }
func (s arcsByArrival) Less(i, j int) bool { return s.a[i].to < s.a[j].to }
func (s arcsByArrival) Swap(i, j int) {
	s.a[i], s.a[j] = s.a[j], s.a[i]
	s.e[i], s.e[j] = s.e[j], s.e[i]
}

// metres is a distance in whole metres, the unit every sum and comparison uses. NaN and the
// infinities are 0, which putEdge refuses.
func metres(km float64) int64 {
	m := math.Round(km * 1000)
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return 0
	}
	return int64(m)
}

func compareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }
