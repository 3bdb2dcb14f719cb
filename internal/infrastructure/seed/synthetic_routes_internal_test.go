package seed

import (
	mrand "math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/geo"
)

// Three far-apart clusters: the nearest neighbours alone leave them apart, and the joining pass
// must link them into one component with a few extra pairs; every pair is found once, each hub
// has a link and at most k but for the joins.
func TestNetworkJoinsFarClusters(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	var hubs []netHub
	for _, c := range []geo.Point{{Latitude: 37.5, Longitude: 127}, {Latitude: 33.4, Longitude: 126.5}, {Latitude: 37.5, Longitude: 130.9}} {
		for range 40 {
			hubs = append(hubs, netHub{uuid.New(), geo.Point{Latitude: c.Latitude + rng.Float64()*0.1, Longitude: c.Longitude + rng.Float64()*0.1}})
		}
	}
	const k = 3
	pairs := network(hubs, k)
	comp, degree, seen := components(len(hubs), pairs), make([]int, len(hubs)), map[pair]bool{}
	for _, p := range pairs {
		if p.a >= p.b || seen[p] {
			t.Fatalf("pair %v twice or unordered", p)
		}
		seen[p] = true
		degree[p.a]++
		degree[p.b]++
	}
	for i, c := range comp {
		if c != comp[0] || degree[i] < 1 || degree[i] > k+2 {
			t.Fatalf("hub %d: component %d (hub 0's %d), %d links", i, c, comp[0], degree[i])
		}
	}
	if len(pairs) < len(hubs)-1 || len(pairs) > len(hubs)*k/2+10 {
		t.Errorf("%d pairs for %d hubs, want about %d", len(pairs), len(hubs), len(hubs)*k/2)
	}
}

// roadFigures never goes below the great circle nor to zero, in whole metres and minutes.
func TestRoadFigures(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(3, 4))
	for _, gc := range []float64{0, 0.0004, 1.2345678, 80, 450} {
		km, minutes := roadFigures(rng, gc)
		if km < gc*1.1-1e-9 || km > gc*1.4+0.001 || km <= 0 || km*1000 != float64(int64(km*1000+0.5)) || minutes < 1 ||
			float64(minutes) > km/60*60+1 || float64(minutes) < km/80*60-1 {
			t.Errorf("roadFigures(%v) = %v km, %d min", gc, km, minutes)
		}
	}
}
