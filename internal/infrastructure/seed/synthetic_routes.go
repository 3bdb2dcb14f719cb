package seed

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	mrand "math/rand/v2"
	"slices"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/geo"
)

// Shape of the synthetic road network: a route's distance is the great circle times a road
// factor, its time that distance at an average speed; both are drawn once per pair.
const (
	minRoadFactor, maxRoadFactor = 1.1, 1.4
	minSpeedKmh, maxSpeedKmh     = 60.0, 80.0
)

// netHub is a live located hub of the run, a vertex of the network.
type netHub struct {
	id uuid.UUID
	p  geo.Point
}

// pair is an undirected link between two vertices (indexes, a < b).
type pair struct{ a, b int }

// linkRoutes links the run's live hubs with a location into one connected network of about k
// routes per hub, both directions of each pair, and COPYs them into hub_routes in one
// transaction (all or nothing). It returns how many routes it added. Route ids are fresh v7
// ids: the seed fixes the network's shape and figures, never ids, so a run can be repeated.
func linkRoutes(ctx context.Context, db *sql.DB, o SyntheticOptions, g *generator) (added int, err error) {
	hubs, err := runHubs(ctx, db, g.token)
	if err != nil || len(hubs) < 2 {
		return 0, err
	}
	pairs := network(hubs, o.RoutesPerHub)
	rng := mrand.New(mrand.NewPCG(g.seed, 0x726f75746573)) // "routes"
	bar := newProgress(o.Progress, "synthetic routes", 2*len(pairs))
	defer bar.finish()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("hub_routes", "route_id", "departure_hub_id", "arrival_hub_id",
		"distance_km", "duration_minutes", "is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by"))
	if err != nil {
		return 0, fmt.Errorf("seed: start COPY of routes: %w", err)
	}
	defer func() { err = errors.Join(err, stmt.Close()) }() // before the rollback: it ends the COPY
	for i, pr := range pairs {
		km, minutes := roadFigures(rng, geo.DistanceKm(hubs[pr.a].p, hubs[pr.b].p))
		actor := g.actors[rng.IntN(len(g.actors))].String()
		for _, dir := range [2][2]int{{pr.a, pr.b}, {pr.b, pr.a}} {
			if _, err = stmt.ExecContext(ctx, uuid.Must(uuid.NewV7()).String(), hubs[dir[0]].id.String(), hubs[dir[1]].id.String(),
				km, minutes, false, 1, o.Now, actor, o.Now, actor); err != nil {
				return 0, fmt.Errorf("seed: COPY routes: %w", err)
			}
		}
		if i%progressEvery == 0 {
			bar.set(2 * i)
		}
	}
	if _, err = stmt.ExecContext(ctx); err == nil { // ends the COPY and collects its errors
		err = tx.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("seed: COPY routes: %w", err)
	}
	bar.set(2 * len(pairs))
	_, err = db.ExecContext(ctx, "ANALYZE hub_routes")
	return 2 * len(pairs), err
}

// roadFigures are a route's distance, the great circle gc times a road factor rounded up to whole
// metres (so never below gc, and never 0), and its minutes at an average speed (at least 1).
func roadFigures(rng *mrand.Rand, gc float64) (km float64, minutes int) {
	km = max(0.001, math.Ceil(gc*(minRoadFactor+rng.Float64()*(maxRoadFactor-minRoadFactor))*1000)/1000)
	speed := minSpeedKmh + rng.Float64()*(maxSpeedKmh-minSpeedKmh)
	return km, max(1, int(math.Round(km/speed*60)))
}

// runHubs reads the run's live located hubs, in name order so that a seed gives the same network.
func runHubs(ctx context.Context, db *sql.DB, token string) ([]netHub, error) {
	rows, err := db.QueryContext(ctx, `SELECT hub_id, latitude, longitude FROM hubs
		WHERE NOT is_deleted AND latitude IS NOT NULL AND hub_name LIKE $1 ORDER BY hub_name`, "% "+token+"-%")
	if err != nil {
		return nil, fmt.Errorf("seed: read the run's hubs: %w", err)
	}
	defer rows.Close()
	var out []netHub
	for rows.Next() {
		var h netHub
		if err := rows.Scan(&h.id, &h.p.Latitude, &h.p.Longitude); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// network picks the pairs: each hub, in turn, links to its nearest neighbours while both have
// fewer than k links (the nearest always, so no hub is alone); then, while the links leave more
// than one component, each component but the largest is joined to the nearest hub outside it.
func network(hubs []netHub, k int) []pair {
	g := newGrid(hubs, k)
	degree, seen := make([]int, len(hubs)), map[pair]bool{}
	var out []pair
	link := func(a, b int) {
		p := pair{min(a, b), max(a, b)}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
			degree[a]++
			degree[b]++
		}
	}
	for i := range hubs {
		for n, j := range g.nearest(i, 2*k, func(j int) bool { return j != i }) {
			if n == 0 && degree[i] == 0 || degree[i] < k && degree[j] < k {
				link(i, j)
			}
		}
	}
	for {
		comp := components(len(hubs), out)
		members := map[int][]int{}
		for i, c := range comp {
			members[c] = append(members[c], i)
		}
		if len(members) <= 1 {
			slices.SortFunc(out, func(x, y pair) int { return cmp.Or(x.a-y.a, x.b-y.b) })
			return out
		}
		labels := slices.Sorted(maps.Keys(members))
		largest := slices.MaxFunc(labels, func(x, y int) int { return cmp.Or(len(members[x])-len(members[y]), y-x) })
		for _, c := range labels {
			m := members[c]
			if c == largest {
				continue
			}
			best, bi, bj := math.Inf(1), -1, -1
			for _, i := range m {
				if j := g.nearest(i, 1, func(j int) bool { return comp[j] != c }); len(j) > 0 {
					if d := geo.DistanceKm(hubs[i].p, hubs[j[0]].p); d < best {
						best, bi, bj = d, i, j[0]
					}
				}
			}
			link(bi, bj)
		}
	}
}

// components labels each vertex with its component (a union-find over the pairs).
func components(n int, pairs []pair) []int {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for _, p := range pairs {
		parent[find(p.a)] = find(p.b)
	}
	for i := range parent {
		parent[i] = find(i)
	}
	return parent
}

// grid buckets the hubs in square cells of about k hubs each, for k-nearest-neighbour look-ups
// in O(k) rather than a scan of every hub.
type grid struct {
	hubs             []netHub
	cell             float64 // degrees
	minLat, minLon   float64
	rows, cols       int
	cells            map[[2]int][]int
	kmPerDegreeLeast float64 // a lower bound of the km one degree of latitude or longitude spans here
}

func newGrid(hubs []netHub, k int) *grid {
	g := &grid{hubs: hubs, minLat: math.Inf(1), minLon: math.Inf(1), cells: map[[2]int][]int{}}
	maxLat, maxLon := math.Inf(-1), math.Inf(-1)
	for _, h := range hubs {
		g.minLat, g.minLon = min(g.minLat, h.p.Latitude), min(g.minLon, h.p.Longitude)
		maxLat, maxLon = max(maxLat, h.p.Latitude), max(maxLon, h.p.Longitude)
	}
	area := max((maxLat-g.minLat)*(maxLon-g.minLon), 1e-6)
	g.cell = max(math.Sqrt(area*float64(max(k, 1))/float64(len(hubs))), 1e-4)
	g.rows, g.cols = int((maxLat-g.minLat)/g.cell)+1, int((maxLon-g.minLon)/g.cell)+1
	g.kmPerDegreeLeast = geo.EarthRadiusKm * math.Pi / 180 * math.Cos(max(math.Abs(g.minLat), math.Abs(maxLat))*math.Pi/180)
	for i, h := range hubs {
		c := g.cellOf(h.p)
		g.cells[c] = append(g.cells[c], i)
	}
	return g
}

func (g *grid) cellOf(p geo.Point) [2]int {
	return [2]int{int((p.Latitude - g.minLat) / g.cell), int((p.Longitude - g.minLon) / g.cell)}
}

// nearest is up to k accepted hubs nearest to hub i, nearest first (ties by index). It searches
// rings of cells outwards and stops once no hub beyond the ring can be nearer than the k-th found.
func (g *grid) nearest(i, k int, accept func(int) bool) []int {
	type cand struct {
		j int
		d float64
	}
	var found []cand
	c := g.cellOf(g.hubs[i].p)
	for r := 0; r <= max(g.rows, g.cols); r++ {
		for dr := -r; dr <= r; dr++ {
			for dc := -r; dc <= r; dc++ {
				if max(abs(dr), abs(dc)) != r {
					continue // inner rings are done
				}
				for _, j := range g.cells[[2]int{c[0] + dr, c[1] + dc}] {
					if accept(j) {
						found = append(found, cand{j, geo.DistanceKm(g.hubs[i].p, g.hubs[j].p)})
					}
				}
			}
		}
		slices.SortFunc(found, func(a, b cand) int { return cmp.Or(cmp.Compare(a.d, b.d), a.j-b.j) })
		found = found[:min(len(found), k)]
		// A hub outside ring r is at least r cells away along latitude or longitude.
		if len(found) == k && found[k-1].d <= float64(r)*g.cell*g.kmPerDegreeLeast {
			break
		}
	}
	out := make([]int, len(found))
	for n, f := range found {
		out[n] = f.j
	}
	return out
}

func abs(x int) int { return max(x, -x) }
