package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// netParams are 서울 and 부산 of the 17 hubs and the synthetic network's southernmost and
// northernmost hubs (From, To; FromV, ToV their pgRouting vertices); PgRouting: why no baseline.
type netParams struct {
	Seoul, Busan, From, To string
	FromV, ToV, Routes     int64
	PgRouting              string
}

// pgRoutingSetup numbers the hubs that have routes and copies the live routes as pgRouting's
// edges into a schema of the bench's own: the same edges as hubd's graph, integer-keyed.
const pgRoutingSetup = `CREATE SCHEMA bench;
CREATE TABLE bench.vertex AS SELECT hub_id, row_number() OVER (ORDER BY hub_id) AS vid
	FROM (SELECT DISTINCT departure_hub_id AS hub_id FROM hub_routes WHERE NOT is_deleted) h;
CREATE TABLE bench.edge AS SELECT row_number() OVER (ORDER BY r.route_id) AS id, s.vid AS source, t.vid AS target,
	r.distance_km::float8 AS km, r.duration_minutes::float8 AS minutes
	FROM hub_routes r JOIN bench.vertex s ON s.hub_id = r.departure_hub_id JOIN bench.vertex t ON t.hub_id = r.arrival_hub_id
	WHERE NOT r.is_deleted;
ANALYZE bench.vertex, bench.edge`

// pickNetwork finds the scenarios' hubs and prepares the pgRouting baseline (a failure there is
// a note of the report: the service's side still runs).
func pickNetwork(ctx context.Context, db *sql.DB, o options) (p netParams, err error) {
	for name, dst := range map[string]*string{"서울특별시 센터": &p.Seoul, "부산광역시 센터": &p.Busan} {
		if err = db.QueryRowContext(ctx, "SELECT hub_id::text FROM hubs WHERE NOT is_deleted AND hub_name = $1", name).Scan(dst); err != nil {
			return p, fmt.Errorf("find %s: %w", name, err)
		}
	}
	if _, err = db.ExecContext(ctx, pgRoutingSetup); err != nil {
		return p, fmt.Errorf("pgRouting's edges: %w", err)
	}
	if err = db.QueryRowContext(ctx, "SELECT count(*) FROM bench.edge").Scan(&p.Routes); err != nil || o.NetHubs == 0 {
		return p, err
	}
	for order, dst := range map[string]struct {
		id *string
		v  *int64
	}{"": {&p.From, &p.FromV}, "DESC": {&p.To, &p.ToV}} {
		if err = db.QueryRowContext(ctx, `SELECT v.hub_id::text, v.vid FROM bench.vertex v JOIN hubs h USING (hub_id)
			WHERE h.hub_name NOT LIKE '% 센터' ORDER BY h.latitude `+order+`, h.hub_id LIMIT 1`).Scan(dst.id, dst.v); err != nil {
			return p, fmt.Errorf("pick the network's ends: %w", err)
		}
	}
	// CASCADE: Debian's pgRouting requires PostGIS (installed with it), here too only in the bench's database.
	if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE"); err != nil {
		p.PgRouting = "no pgRouting baseline: " + err.Error()
	}
	return p, nil
}

// pathsPath is the path search of the contract ("Paths").
const pathsPath = "/api/v1/hub-paths"

// seoulCityHall is where the nearest-hubs scenario asks from.
const seoulLat, seoulLon = 37.5665, 126.9780

// netScenarios are (g) paths on the 17 hubs, (h) a path and a matrix row across the synthetic
// network beside pgRouting on the same edges, and (i) the nearest hubs beside their SQL.
func netScenarios(p params) []benchScenario {
	n := p.Net
	path := func(from, to, by string) func(int, int) string {
		return at(pathsPath, url.Values{"from": {from}, "to": {to}, "by": {by}})
	}
	edges := "'SELECT id, source, target, km AS cost FROM bench.edge'"
	dijkstra := []postgres.Statement{{SQL: "SELECT count(*) FROM pgr_dijkstra(" + edges + ", $1::bigint, $2::bigint, true)", Args: []any{n.FromV, n.ToV}}}
	row := []postgres.Statement{{SQL: "SELECT count(*) FROM pgr_dijkstraCost(" + edges + ", $1::bigint, (SELECT array_agg(vid) FROM bench.vertex), true)", Args: []any{n.FromV}}}
	if n.PgRouting != "" {
		dijkstra, row = nil, nil
	}
	out := []benchScenario{
		{key: "g-km", name: "(g) path by distance, 서울 → 부산 (17 hubs)", next: path(n.Seoul, n.Busan, "distance")},
		{key: "g-min", name: "(g) path by duration, 서울 → 부산 (17 hubs)", next: path(n.Seoul, n.Busan, "duration")},
		{key: "h-path", name: fmt.Sprintf("(h) path by distance across the network (%d routes)", n.Routes), next: path(n.From, n.To, "distance"), stmts: dijkstra},
		{key: "h-row", name: "(h) matrix row by distance from one hub", stmts: row,
			next: at(pathsPath+"/matrix", url.Values{"by": {"distance"}, "from": {n.From}})},
		{key: "i", name: "(i) nearest 5 hubs to 서울 City Hall", stmts: []postgres.Statement{hubstore.NearestHubsStatement(seoulLat, seoulLon, 5)},
			next: at(hubsPath+"/nearest", url.Values{"latitude": {fmt.Sprint(seoulLat)}, "longitude": {fmt.Sprint(seoulLon)}, "limit": {"5"}})},
	}
	if n.From == "" {
		out[2].skip, out[3].skip = "not measured: no synthetic network (-net-hubs 0)", "not measured: no synthetic network (-net-hubs 0)"
	}
	return out
}
