package network_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/domain/route"
)

// model is the plain reference for Apply: a set of hubs and a map of routes, changed the obvious
// way.
type model struct {
	hubs   map[uuid.UUID]bool
	routes map[uuid.UUID]network.Edge
}

func (m model) clone() model {
	c := model{hubs: map[uuid.UUID]bool{}, routes: map[uuid.UUID]network.Edge{}}
	for k, v := range m.hubs {
		c.hubs[k] = v
	}
	for k, v := range m.routes {
		c.routes[k] = v
	}
	return c
}

// apply changes m, or reports the error the batch must fail with.
func (m model) apply(kind int, id uuid.UUID, e network.Edge) error {
	switch kind {
	case 0:
		m.hubs[id] = true
	case 1:
		delete(m.hubs, id)
		for rid, r := range m.routes {
			if r.From == id || r.To == id {
				delete(m.routes, rid)
			}
		}
	case 2:
		if !m.hubs[e.From] || !m.hubs[e.To] {
			return hub.ErrNotFound
		}
		for rid, r := range m.routes {
			if rid != e.RouteID && r.From == e.From && r.To == e.To {
				return route.ErrExists
			}
		}
		m.routes[e.RouteID] = e
	case 3:
		delete(m.routes, id)
	}
	return nil
}

func (m model) lists() ([]uuid.UUID, []network.Edge) {
	var hubs []uuid.UUID
	for h := range m.hubs {
		hubs = append(hubs, h)
	}
	var edges []network.Edge
	for _, e := range m.routes {
		edges = append(edges, e)
	}
	return hubs, edges
}

// TestApplyAgainstModel applies random batches of changes (many refused) to a graph and to the
// model, and after each compares the derived graph with the model and with a graph built afresh
// from the model's lists: hubs, routes in order, look-ups by route id, and shortest paths.
func TestApplyAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	pool := make([]uuid.UUID, 40)
	for i := range pool {
		pool[i] = newID(rng)
	}
	routeIDs := make([]uuid.UUID, 120)
	for i := range routeIDs {
		routeIDs[i] = newID(rng)
	}
	m := model{hubs: map[uuid.UUID]bool{}, routes: map[uuid.UUID]network.Edge{}}
	g := network.Empty()
	refused := 0
	for step := range 600 {
		next := m.clone()
		var changes []network.Change
		var wantErr error
		for range 1 + rng.IntN(6) {
			kind := rng.IntN(10)
			h := pool[rng.IntN(len(pool))]
			e := network.Edge{RouteID: routeIDs[rng.IntN(len(routeIDs))], From: h, To: pool[rng.IntN(len(pool))],
				DistanceKm: float64(1+rng.IntN(5)) / 2, DurationMinutes: 1 + rng.IntN(3)}
			if e.From == e.To {
				continue
			}
			var err error
			switch {
			case kind < 2:
				changes = append(changes, network.AddNode(h))
				err = next.apply(0, h, e)
			case kind < 3:
				changes = append(changes, network.RemoveNode(h))
				err = next.apply(1, h, e)
			case kind < 8:
				changes = append(changes, network.PutEdge(e))
				err = next.apply(2, h, e)
			default:
				changes = append(changes, network.RemoveEdge(e.RouteID))
				err = next.apply(3, e.RouteID, e)
			}
			if err != nil {
				wantErr = err
				break
			}
		}
		got, err := g.Apply(changes...)
		if wantErr != nil {
			refused++
			if got != nil || !errors.Is(err, wantErr) {
				t.Fatalf("step %d: %v, want %v", step, err, wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		m, g = next, got
		hubs, edges := m.lists()
		fresh, err := network.New(hubs, edges)
		if err != nil {
			t.Fatalf("step %d: New: %v", step, err)
		}
		slices.SortFunc(hubs, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		if !reflect.DeepEqual(g.Hubs(), hubs) && !(len(hubs) == 0 && g.NodeCount() == 0) {
			t.Fatalf("step %d: hubs %v, want %v", step, g.Hubs(), hubs)
		}
		if !reflect.DeepEqual(g.Edges(), fresh.Edges()) || g.EdgeCount() != len(m.routes) {
			t.Fatalf("step %d: routes %v, want %v", step, g.Edges(), fresh.Edges())
		}
		for _, rid := range routeIDs {
			e, ok := g.Edge(rid)
			if want, wok := m.routes[rid]; ok != wok || e != want {
				t.Fatalf("step %d: Edge(%v) = %v %v, want %v %v", step, rid, e, ok, want, wok)
			}
		}
		if len(hubs) > 1 {
			for range 5 {
				s, to := hubs[rng.IntN(len(hubs))], hubs[rng.IntN(len(hubs))]
				for _, by := range []network.By{network.ByDistance, network.ByDuration} {
					p, err := g.Shortest(s, to, by)
					q, ferr := fresh.Shortest(s, to, by)
					if !reflect.DeepEqual(p, q) || !errors.Is(err, ferr) && err != ferr {
						t.Fatalf("step %d: %v, want %v (%v, %v)", step, p, q, err, ferr)
					}
				}
			}
		}
	}
	if refused < 50 || len(m.routes) == 0 {
		t.Errorf("the walk is too tame: %d refused batches, %d routes at the end", refused, len(m.routes))
	}
}
