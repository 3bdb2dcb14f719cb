package network

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

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

// Graph is an immutable directed graph: the live hubs as nodes, the live routes as edges. Nodes
// are numbered in the byte order of their ids, so comparing two node numbers compares two ids;
// a node's out-edges lie together (compressed sparse rows), which keeps a search's inner loop
// on two flat arrays.
type Graph struct {
	ids   []uuid.UUID // sorted by bytes; a node's number is its index
	index map[uuid.UUID]int32
	start []int32 // out-arcs of node i are arcs[start[i]:start[i+1]]
	arcs  []arc
	edges []Edge // edges[k] is the route of arcs[k]
}

// arc is an edge with its costs as the searches compare them.
type arc struct {
	to      int32
	minutes int32
	metres  int64
}

// Empty is the graph without hubs.
func Empty() *Graph { g, _ := New(nil, nil); return g }

// New builds a graph of the given hubs and routes. A hub listed twice counts once. An edge whose
// end is not among the nodes is hub.ErrNotFound; two edges with one route id, or two routes of
// one ordered pair (there is one live route per pair), are route.ErrExists; a loop or a figure
// under a metre or a minute is ErrBadEdge.
func New(nodes []uuid.UUID, edges []Edge) (*Graph, error) {
	b := newBuilder(len(nodes), len(edges))
	for _, id := range nodes {
		b.addNode(id)
	}
	for _, e := range edges {
		if err := b.putEdge(e, false); err != nil {
			return nil, err
		}
	}
	return b.build(), nil
}

// NodeCount is the number of hubs.
func (g *Graph) NodeCount() int { return len(g.ids) }

// EdgeCount is the number of routes.
func (g *Graph) EdgeCount() int { return len(g.edges) }

// Hubs are the hubs' ids in byte order, the order of the matrix's rows and columns. The result is
// a copy.
func (g *Graph) Hubs() []uuid.UUID { return slices.Clone(g.ids) }

// HasHub reports whether id is a node.
func (g *Graph) HasHub(id uuid.UUID) bool { _, ok := g.index[id]; return ok }

// Edges are every route, ordered by departure and then arrival hub id. The result is a copy.
func (g *Graph) Edges() []Edge { return slices.Clone(g.edges) }

// node is id's number, or hub.ErrNotFound.
func (g *Graph) node(id uuid.UUID) (int32, error) {
	if i, ok := g.index[id]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("hub %s is not in the network: %w", id, hub.ErrNotFound)
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
// fails, Apply returns its error and no graph. Apply costs about what New costs for the whole
// graph, so a follower that is behind applies its events in batches.
func (g *Graph) Apply(changes ...Change) (*Graph, error) {
	b := newBuilder(len(g.ids)+1, len(g.edges)+1)
	for _, id := range g.ids {
		b.addNode(id)
	}
	for _, e := range g.edges {
		if err := b.putEdge(e, false); err != nil {
			return nil, err // cannot happen: g was built by the same rules
		}
	}
	for i, c := range changes {
		var err error
		switch c.op {
		case opAddNode:
			b.addNode(c.id)
		case opRemoveNode:
			b.removeNode(c.id)
		case opPutEdge:
			err = b.putEdge(c.edge, true)
		case opRemoveEdge:
			b.removeEdge(c.id)
		default:
			err = fmt.Errorf("%w: change %d is the zero Change", ErrBadEdge, i)
		}
		if err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
	}
	return b.build(), nil
}

// builder is a mutable graph in maps, private to New and Apply.
type builder struct {
	nodes map[uuid.UUID]struct{}
	edges map[uuid.UUID]Edge         // by route id
	pairs map[[2]uuid.UUID]uuid.UUID // ordered pair → route id
}

func newBuilder(nodes, edges int) *builder {
	return &builder{
		nodes: make(map[uuid.UUID]struct{}, nodes),
		edges: make(map[uuid.UUID]Edge, edges),
		pairs: make(map[[2]uuid.UUID]uuid.UUID, edges),
	}
}

func (b *builder) addNode(id uuid.UUID) { b.nodes[id] = struct{}{} }

func (b *builder) removeNode(id uuid.UUID) {
	if _, ok := b.nodes[id]; !ok {
		return
	}
	delete(b.nodes, id)
	for rid, e := range b.edges {
		if e.From == id || e.To == id {
			b.removeEdge(rid)
		}
	}
}

func (b *builder) removeEdge(routeID uuid.UUID) {
	if e, ok := b.edges[routeID]; ok {
		delete(b.edges, routeID)
		delete(b.pairs, [2]uuid.UUID{e.From, e.To})
	}
}

// putEdge adds e; with replace, an edge of the same route id is replaced rather than refused.
func (b *builder) putEdge(e Edge, replace bool) error {
	// The bounds keep the sums of a path far from overflowing: a path has fewer legs than the
	// graph has nodes, and at most 1e9 km and 2^31 minutes a leg it stays inside an int64.
	if e.RouteID == uuid.Nil || e.From == e.To || !(e.DistanceKm > 0 && e.DistanceKm <= 1e9) || metres(e.DistanceKm) < 1 ||
		e.DurationMinutes < 1 || e.DurationMinutes > math.MaxInt32 {
		return fmt.Errorf("%w: route %s from %s to %s, %v km, %d min", ErrBadEdge, e.RouteID, e.From, e.To, e.DistanceKm, e.DurationMinutes)
	}
	for _, end := range [2]uuid.UUID{e.From, e.To} {
		if _, ok := b.nodes[end]; !ok {
			return fmt.Errorf("route %s: hub %s is not in the network: %w", e.RouteID, end, hub.ErrNotFound)
		}
	}
	if _, ok := b.edges[e.RouteID]; ok {
		if !replace {
			return fmt.Errorf("route %s listed twice: %w", e.RouteID, route.ErrExists)
		}
		b.removeEdge(e.RouteID)
	}
	pair := [2]uuid.UUID{e.From, e.To}
	if holder, ok := b.pairs[pair]; ok {
		return fmt.Errorf("route %s: %w", e.RouteID, &route.ExistsError{Holder: holder})
	}
	b.edges[e.RouteID] = e
	b.pairs[pair] = e.RouteID
	return nil
}

func (b *builder) build() *Graph {
	g := &Graph{ids: make([]uuid.UUID, 0, len(b.nodes)), index: make(map[uuid.UUID]int32, len(b.nodes))}
	for id := range b.nodes {
		g.ids = append(g.ids, id)
	}
	slices.SortFunc(g.ids, compareIDs)
	for i, id := range g.ids {
		g.index[id] = int32(i)
	}
	// Counting sort by departure, then each node's arcs by arrival: a stable layout whatever the
	// maps' order, so equal graphs are laid out alike.
	g.start = make([]int32, len(g.ids)+1)
	for _, e := range b.edges {
		g.start[g.index[e.From]+1]++
	}
	for i := range g.ids {
		g.start[i+1] += g.start[i]
	}
	g.arcs = make([]arc, len(b.edges))
	g.edges = make([]Edge, len(b.edges))
	fill := slices.Clone(g.start[:len(g.ids)])
	for _, e := range b.edges {
		k := fill[g.index[e.From]]
		fill[g.index[e.From]]++
		g.edges[k] = e
		g.arcs[k] = arc{to: g.index[e.To], minutes: int32(e.DurationMinutes), metres: metres(e.DistanceKm)} //nolint:gosec // G115: putEdge bounds minutes by MaxInt32
	}
	for i := range g.ids {
		lo, hi := g.start[i], g.start[i+1]
		sortArcs(g.arcs[lo:hi], g.edges[lo:hi])
	}
	return g
}

// sortArcs orders one node's arcs, and their edges alongside, by arrival.
func sortArcs(a []arc, e []Edge) { sort.Sort(arcsByArrival{a, e}) }

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
