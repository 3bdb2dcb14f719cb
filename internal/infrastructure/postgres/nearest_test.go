package postgres_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// refDistanceKm is the great-circle distance on the contract's sphere (R = 6371.0088 km) by
// another formula than the adapter's haversine (Vincenty's special case for a sphere, an atan2
// that is well conditioned everywhere), so that the test checks the distances rather than
// repeating them.
func refDistanceKm(lat1, lng1, lat2, lng2 float64) float64 {
	const rad = math.Pi / 180
	φ1, φ2, Δλ := lat1*rad, lat2*rad, (lng2-lng1)*rad
	y := math.Hypot(math.Cos(φ2)*math.Sin(Δλ), math.Cos(φ1)*math.Sin(φ2)-math.Sin(φ1)*math.Cos(φ2)*math.Cos(Δλ))
	x := math.Sin(φ1)*math.Sin(φ2) + math.Cos(φ1)*math.Cos(φ2)*math.Cos(Δλ)
	return 6371.0088 * math.Atan2(y, x)
}

// located is a live hub with a location, as the brute-force reference sees it.
type located struct {
	ID  uuid.UUID `db:"hub_id"`
	Lat float64   `db:"latitude"`
	Lng float64   `db:"longitude"`
}

// bruteNearest orders every live hub with a location by the reference distance, then by id,
// and keeps limit: the contract's definition, with no index and no candidate window.
func bruteNearest(hubs []located, lat, lng float64, limit int) ([]uuid.UUID, []float64) {
	type cand struct {
		id uuid.UUID
		km float64
	}
	all := make([]cand, len(hubs))
	for i, h := range hubs {
		all[i] = cand{h.ID, refDistanceKm(lat, lng, h.Lat, h.Lng)}
	}
	slices.SortFunc(all, func(a, b cand) int {
		if c := cmp.Compare(a.km, b.km); c != 0 {
			return c
		}
		return bytes.Compare(a.id[:], b.id[:])
	})
	all = all[:min(limit, len(all))]
	ids, kms := make([]uuid.UUID, len(all)), make([]float64, len(all))
	for i, c := range all {
		ids[i], kms[i] = c.id, c.km
	}
	return ids, kms
}

// checkNearest asks the adapter and compares with the brute-force reference: the same hubs in
// the same order, distances equal to 1e-9 km, and the answer sorted by exactly the values it
// shows (distance, then hub id), each hub's view the one a look-up by id reads.
func checkNearest(t *testing.T, repo *hubstore.Repository, hubs []located, lat, lng float64, limit int) []query.NearHub {
	t.Helper()
	got, err := repo.NearestHubs(ctx, lat, lng, limit)
	if err != nil {
		t.Fatalf("nearest (%v, %v) limit %d: %v", lat, lng, limit, err)
	}
	wantIDs, wantKm := bruteNearest(hubs, lat, lng, limit)
	gotIDs := make([]uuid.UUID, len(got))
	for i, n := range got {
		gotIDs[i] = n.Hub.ID
	}
	if !slices.Equal(gotIDs, wantIDs) {
		t.Fatalf("nearest (%v, %v) limit %d:\n got %v\nwant %v", lat, lng, limit, gotIDs, wantIDs)
	}
	for i, n := range got {
		if math.Abs(n.DistanceKm-wantKm[i]) > 1e-9 {
			t.Errorf("nearest (%v, %v) #%d: %v km, want %v", lat, lng, i, n.DistanceKm, wantKm[i])
		}
		if i > 0 {
			prev := got[i-1]
			if prev.DistanceKm > n.DistanceKm || (prev.DistanceKm == n.DistanceKm && bytes.Compare(prev.Hub.ID[:], n.Hub.ID[:]) >= 0) {
				t.Errorf("nearest (%v, %v): #%d (%v km, %s) before #%d (%v km, %s)", lat, lng, i-1, prev.DistanceKm, prev.Hub.ID, i, n.DistanceKm, n.Hub.ID)
			}
		}
	}
	return got
}

// TestNearestHubs_MatchesBruteForce: hubs at random places in Korea, 30 of them at one point
// (ties broken by hub id, across the candidate window the adapter reads first), hubs without a
// location and deleted hubs (some of them at that point too, and at the points asked about);
// every answer is the brute-force reference's.
func TestNearestHubs_MatchesBruteForce(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	rng := rand.New(rand.NewPCG(11, 4))
	korea := func() hub.Location {
		return hub.Location{Latitude: 33 + rng.Float64()*5.5, Longitude: 124.5 + rng.Float64()*7}
	}
	tie := hub.Location{Latitude: 36.3504119, Longitude: 127.3845475}
	var live []located
	n := 0
	create := func(loc *hub.Location, deleted bool) {
		n++
		d := details(fmt.Sprintf("근처 %d", n))
		d.Location = loc
		h := mustCreate(t, repo, d, base)
		if deleted {
			mustDelete(t, repo, h.ID())
		} else if loc != nil {
			live = append(live, located{h.ID(), loc.Latitude, loc.Longitude})
		}
	}
	asked := make([]hub.Location, 0, 40)
	for range 40 {
		asked = append(asked, korea())
	}
	for range 200 {
		loc := korea()
		create(&loc, false)
	}
	for range 30 {
		create(&tie, false)
	}
	for range 10 {
		create(nil, false)
	}
	for i := range 20 {
		loc := korea()
		switch {
		case i < 5:
			loc = tie
		case i < 10:
			loc = asked[i]
		}
		create(&loc, true)
	}

	// The answer does not depend on how the point was reached: the tie is answered by hub id
	// whatever the limit, at the point itself (distance 0) and near it.
	for limit := 1; limit <= 20; limit++ {
		got := checkNearest(t, repo, live, tie.Latitude, tie.Longitude, limit)
		if got[limit-1].DistanceKm != 0 {
			t.Fatalf("at the tie point, limit %d: the last is %v km away, want 0", limit, got[limit-1].DistanceKm)
		}
	}
	checkNearest(t, repo, live, tie.Latitude+0.001, tie.Longitude-0.002, 20)
	for i, p := range asked {
		checkNearest(t, repo, live, p.Latitude, p.Longitude, 1+i%20)
	}
	// Far from every hub, and at the edges of the ranges.
	for _, p := range []hub.Location{{Latitude: -36, Longitude: -53}, {Latitude: 90, Longitude: 0}, {Latitude: -90, Longitude: 180}, {Latitude: 0, Longitude: -180}} {
		checkNearest(t, repo, live, p.Latitude, p.Longitude, 20)
	}
	// A view is what a look-up by id reads.
	got := checkNearest(t, repo, live, 37.5665, 126.978, 3)
	for _, g := range got {
		v, err := repo.View(ctx, g.Hub.ID, false)
		if err != nil || !reflect.DeepEqual(v, g.Hub) {
			t.Errorf("hub %s: nearest shows\n %+v\nget shows\n %+v (%v)", g.Hub.ID, g.Hub, v, err)
		}
	}
}

// TestNearestHubs_EquidistantPointsAndFewHubs: four hubs one degree of arc from (0, 0) in four
// directions are exactly as far (111.195 km: R·π/180), so they come by hub id; with fewer
// live hubs than the limit, all of them come; with none, an empty answer.
func TestNearestHubs_EquidistantPointsAndFewHubs(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	if got, err := repo.NearestHubs(ctx, 0, 0, 5); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("no hubs: %v, %v; want an empty answer", got, err)
	}
	var live []located
	for i, p := range []hub.Location{{Latitude: 1, Longitude: 0}, {Latitude: 0, Longitude: 1}, {Latitude: -1, Longitude: 0}, {Latitude: 0, Longitude: -1}} {
		d := details(fmt.Sprintf("적도 %d", i))
		d.Location = &p
		h := mustCreate(t, repo, d, base)
		live = append(live, located{h.ID(), p.Latitude, p.Longitude})
	}
	oneDegree := 6371.0088 * math.Pi / 180
	for limit := 1; limit <= 5; limit++ {
		got := checkNearest(t, repo, live, 0, 0, limit)
		if len(got) != min(limit, 4) {
			t.Fatalf("limit %d: %d hubs, want %d", limit, len(got), min(limit, 4))
		}
		for _, g := range got {
			if g.DistanceKm != got[0].DistanceKm || math.Abs(g.DistanceKm-oneDegree) > 1e-9 {
				t.Errorf("limit %d: %s at %v km, want all at %v", limit, g.Hub.ID, g.DistanceKm, oneDegree)
			}
		}
	}
}

// TestNearestHubs_ExplainUsesIndex loads 100,000 hubs at random places in Korea (10% deleted,
// 5% without a location) and checks with EXPLAIN that the nearest-hubs statement is an Index
// Scan of hubs_live_location whose Order By is the KNN distance, under nothing but the Limit, in
// the custom plan of a point and in the generic plan the statement cache ends up with:
// no Sort, no sequential scan. The answers at that size are the brute-force reference's too.
func TestNearestHubs_ExplainUsesIndex(t *testing.T) {
	t.Parallel()
	db := pgtest.Open(t)
	loadLocatedHubs(t, db, 100_000)

	for _, p := range [][2]float64{{37.5665, 126.978}, {35.1796, 129.0756}, {33.4996, 126.5312}, {0, 0}} {
		st := hubstore.NearestHubsStatement(p[0], p[1], 20)
		var plan string
		if err := db.Get(&plan, "EXPLAIN (FORMAT JSON) "+st.SQL, st.Args...); err != nil {
			t.Fatal(err)
		}
		text := explainText(t, db, "EXPLAIN (ANALYZE, BUFFERS) "+st.SQL, st.Args)
		checkKNNPlan(t, plan, fmt.Sprintf("at %v", p), text)
		t.Logf("at %v:\n%s", p, text)
	}
	// The store caches prepared statements, and PostgreSQL turns to a generic plan after five
	// executions: the query point is a parameter there, and the index must serve it too.
	conn, err := db.Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	st := hubstore.NearestHubsStatement(37.5665, 126.978, 20)
	for _, stmt := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE nearest(float8, float8, int) AS " + st.SQL} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	var plan string
	if err := conn.GetContext(ctx, &plan, "EXPLAIN (FORMAT JSON) EXECUTE nearest(37.5665, 126.978, 28)"); err != nil {
		t.Fatal(err)
	}
	var lines []string
	if err := conn.SelectContext(ctx, &lines, "EXPLAIN EXECUTE nearest(37.5665, 126.978, 28)"); err != nil {
		t.Fatal(err)
	}
	checkKNNPlan(t, plan, "generic plan", strings.Join(lines, "\n"))
	t.Logf("generic plan:\n%s", strings.Join(lines, "\n"))

	repo := hubRepo(t, postgres.NewStore(db))
	var live []located
	if err := db.Select(&live, "SELECT hub_id, latitude, longitude FROM hubs WHERE NOT is_deleted AND latitude IS NOT NULL"); err != nil {
		t.Fatal(err)
	}
	if len(live) < 80_000 {
		t.Fatalf("%d live hubs with a location", len(live))
	}
	for _, p := range [][2]float64{{37.5665, 126.978}, {35.1796, 129.0756}, {36.35, 127.38}} {
		checkNearest(t, repo, live, p[0], p[1], 20)
	}
}

// checkKNNPlan checks that an EXPLAIN (FORMAT JSON) plan is a Limit over an Index Scan of
// hubs_live_location ordered by <->, with nothing below it and no Sort anywhere.
func checkKNNPlan(t *testing.T, plan, name, text string) {
	t.Helper()
	var nodes []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(plan), &nodes); err != nil {
		t.Fatal(err)
	}
	top := nodes[0].Plan
	if top.NodeType != "Limit" || len(top.Plans) != 1 {
		t.Fatalf("%s: the plan is not a Limit over one node:\n%s", name, text)
	}
	scan := top.Plans[0]
	if scan.NodeType != "Index Scan" || scan.IndexName != "hubs_live_location" || !strings.Contains(scan.OrderBy, "<->") || len(scan.Plans) != 0 {
		t.Errorf("%s: the Limit is not over an Index Scan of hubs_live_location ordered by <->:\n%s", name, text)
	}
}

// planNode is what these tests read of an EXPLAIN (FORMAT JSON) node.
type planNode struct {
	NodeType  string     `json:"Node Type"`
	IndexName string     `json:"Index Name"`
	OrderBy   string     `json:"Order By"`
	Plans     []planNode `json:"Plans"`
}

func explainText(t *testing.T, db *sqlx.DB, sqlText string, args []any) string {
	t.Helper()
	var lines []string
	if err := db.Select(&lines, sqlText, args...); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// loadLocatedHubs inserts n hubs with one INSERT ... SELECT generate_series: random places in
// Korea (latitude 33 to 38.5, longitude 124.5 to 131.5), every tenth deleted, every twentieth
// (of the rest) without a location; then ANALYZEs. The names are ASCII, so lower() is their key.
func loadLocatedHubs(t testing.TB, db *sqlx.DB, n int) {
	t.Helper()
	_, err := db.Exec(`
		INSERT INTO hubs (hub_id, hub_name, name_key, address1, latitude, longitude, version, is_deleted,
		                  created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(), 'hub ' || i, 'hub ' || i, 'address ' || i,
		       CASE WHEN i % 20 = 1 THEN NULL ELSE 33 + random() * 5.5 END,
		       CASE WHEN i % 20 = 1 THEN NULL ELSE 124.5 + random() * 7 END,
		       1, i % 10 = 0, now(), $1, now(), $1,
		       CASE WHEN i % 10 = 0 THEN now() END, CASE WHEN i % 10 = 0 THEN $1::uuid END
		FROM generate_series(1, $2::int) AS i`, master, n)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE hubs"); err != nil {
		t.Fatal(err)
	}
}
