package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/seed"
)

// TestSyntheticRoutesMakeOneValidNetwork seeds 3,000 hubs with 5 routes per hub and checks the
// network against the route rules: both directions of every pair with the same figures, no
// route shorter than the great circle, every figure in the contract's ranges, only live hubs of
// the run, about 5 links per hub, and one connected component (a breadth-first walk).
func TestSyntheticRoutesMakeOneValidNetwork(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	began := time.Now()
	res, err := seed.Synthetic(context.Background(), db.DB, 3000, seed.SyntheticOptions{Seed: 3, RoutesPerHub: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("3000 hubs, %d routes in %v", res.Routes, time.Since(began))
	type row struct {
		From, To         uuid.UUID
		Km               float64
		Minutes          int
		FromLat, FromLon float64
		ToLat, ToLon     float64
		FromDead, ToDead bool
	}
	var rows []row
	if err := db.Select(&rows, `SELECT r.departure_hub_id AS "from", r.arrival_hub_id AS "to", r.distance_km AS km,
		r.duration_minutes AS minutes, d.latitude AS fromlat, d.longitude AS fromlon, a.latitude AS tolat, a.longitude AS tolon,
		d.is_deleted AS fromdead, a.is_deleted AS todead
		FROM hub_routes r JOIN hubs d ON d.hub_id = r.departure_hub_id JOIN hubs a ON a.hub_id = r.arrival_hub_id`); err != nil {
		t.Fatal(err)
	}
	live := count(t, db, `SELECT count(*) FROM hubs WHERE NOT is_deleted`)
	if len(rows) != res.Routes || len(rows) < 4*live || len(rows) > 5*live {
		t.Fatalf("%d routes (result %d) for %d live hubs; want 4 to 5 per hub", len(rows), res.Routes, live)
	}
	figures, adj := map[[2]uuid.UUID]row{}, map[uuid.UUID][]uuid.UUID{}
	for _, r := range rows {
		ends := route.Ends{Departure: &geo.Point{Latitude: r.FromLat, Longitude: r.FromLon}, Arrival: &geo.Point{Latitude: r.ToLat, Longitude: r.ToLon}}
		if err := route.CheckGreatCircle(r.Km, ends); err != nil || r.FromDead || r.ToDead || r.From == r.To ||
			r.Minutes < route.MinDurationMinutes || r.Minutes > route.MaxDurationMinutes || r.Km <= 0 || r.Km > route.MaxDistanceKm {
			t.Fatalf("bad route %+v: %v", r, err)
		}
		figures[[2]uuid.UUID{r.From, r.To}] = r
		adj[r.From] = append(adj[r.From], r.To)
	}
	for k, r := range figures {
		back, ok := figures[[2]uuid.UUID{k[1], k[0]}]
		if !ok || back.Km != r.Km || back.Minutes != r.Minutes {
			t.Fatalf("route %v: the way back is %+v (%v)", k, back, ok)
		}
	}
	var start uuid.UUID
	for id := range adj {
		start = id
		break
	}
	seen, queue := map[uuid.UUID]bool{start: true}, []uuid.UUID{start}
	for len(queue) > 0 {
		for _, n := range adj[queue[0]] {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
		queue = queue[1:]
	}
	if len(seen) != live || len(adj) != live {
		t.Fatalf("the walk reached %d of %d live hubs (%d have routes): not one network", len(seen), live, len(adj))
	}
}
