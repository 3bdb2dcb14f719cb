package hubstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var _ query.HubsNearer = (*Repository)(nil)

// nearestHubsSQL reads live hubs with a location in the order of the GiST index
// hubs_live_location (migration 0016): k-nearest-neighbour order of cube's <->, the chord
// between points on the unit sphere, which is monotonic in the great-circle distance. The WHERE
// is the index's predicate word for word, so the planner may use the partial index.
var nearestHubsSQL = `SELECT ` + hubViewColumns + ` FROM hubs
	WHERE NOT is_deleted AND latitude IS NOT NULL
	ORDER BY earth_point(latitude, longitude) <-> earth_point($1::float8, $2::float8)
	LIMIT $3`

// NearestHubsStatement is the statement of NearestHubs' first read for a point and a limit,
// for EXPLAIN and the bench to run the very SQL the adapter runs.
func NearestHubsStatement(latitude, longitude float64, limit int) postgres.Statement {
	return postgres.Statement{SQL: nearestHubsSQL, Args: []any{latitude, longitude, limit + nearestSlack}}
}

const (
	// nearestSlack is how many candidates beyond the limit the first read takes, so that the
	// usual answer needs one statement (see NearestHubs).
	nearestSlack = 8
	// nearestMarginKm bounds, with room to spare, twice the sum of the floating-point errors of
	// the two distances compared: the chord PostgreSQL orders by and the haversine hubd answers
	// with. Both are well below a micrometre except near antipodal points, where the chord and
	// asin flatten out and each may be off by some 1e-4 km. It only decides when to read more
	// candidates, so a generous margin costs a second statement in rare cases, never a wrong
	// answer.
	nearestMarginKm = 0.01
)

// NearestHubs implements query.HubsNearer.
//
// The index gives candidates nearest first by the chord, but the answer's order is the
// contract's: the exact great-circle distance (haversine, computed here in float64: the very
// value the answer shows), then the hub id. The two orders agree except where distances are
// equal or within floating-point error, and neither the index nor SQL can order such ties by
// hub id: ORDER BY chord, hub_id is not index-served (a GiST scan orders by distance only, so
// PostgreSQL would sort every live hub), and it would still tie-break on the chord's rounding
// rather than on the distance shown. So: read limit+nearestSlack candidates in index order,
// compute their distances, sort them by (distance, hub id) and keep limit. That is exact when
// every hub left unread is surely farther than the limit-th kept: the unread come after the
// last candidate in chord order, so their distances are at least the last candidate's minus the
// floating-point errors (nearestMarginKm). When the last candidate is not that far beyond the
// limit-th (many hubs at one point, say), read again with four times as many candidates; when
// fewer candidates come back than asked, every live hub with a location was read. Each answer
// comes from one statement, so from one snapshot.
func (r *Repository) NearestHubs(ctx context.Context, latitude, longitude float64, limit int) ([]query.NearHub, error) {
	if limit < 1 {
		return []query.NearHub{}, nil
	}
	q, err := r.store.Reader(ctx)
	if err != nil {
		return nil, err
	}
	for n := limit + nearestSlack; ; n *= 4 {
		views, err := scanHubViews(ctx, q, nearestHubsSQL, []any{latitude, longitude, n}, n)
		if err != nil {
			return nil, fmt.Errorf("nearest hubs: %w", err)
		}
		near := make([]query.NearHub, len(views))
		for i := range views {
			v := *views[i].HubView
			if v.Location == nil || v.Deleted {
				return nil, fmt.Errorf("nearest hubs: hub %s has no location or is deleted", v.ID)
			}
			near[i] = query.NearHub{DistanceKm: geo.DistanceKm(geo.Point{Latitude: latitude, Longitude: longitude}, geo.Point(*v.Location)), Hub: v}
		}
		var lastKm float64 // the distance of the last candidate in index order
		if len(near) > 0 {
			lastKm = near[len(near)-1].DistanceKm
		}
		slices.SortFunc(near, func(a, b query.NearHub) int {
			if c := cmp.Compare(a.DistanceKm, b.DistanceKm); c != 0 {
				return c
			}
			return bytes.Compare(a.Hub.ID[:], b.Hub.ID[:])
		})
		if len(near) < n || lastKm > near[limit-1].DistanceKm+nearestMarginKm {
			return near[:min(limit, len(near))], nil
		}
	}
}
