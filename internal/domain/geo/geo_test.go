package geo_test

import (
	"math"
	"testing"

	"github.com/hubd/hubd/internal/domain/geo"
)

func TestDistanceKmKnownValues(t *testing.T) {
	seoul := geo.Point{Latitude: 37.5665, Longitude: 126.9780}
	busan := geo.Point{Latitude: 35.1796, Longitude: 129.0756}
	cases := []struct {
		name      string
		a, b      geo.Point
		want, tol float64
	}{
		{"서울–부산", seoul, busan, 325.0, 1.0},
		{"same point", seoul, seoul, 0, 0},
		{"antipodes", geo.Point{Latitude: 10, Longitude: 20}, geo.Point{Latitude: -10, Longitude: -160}, math.Pi * geo.EarthRadiusKm, 1e-6},
		{"pole to pole", geo.Point{Latitude: 90}, geo.Point{Latitude: -90}, math.Pi * geo.EarthRadiusKm, 1e-6},
		{"one degree of the equator", geo.Point{}, geo.Point{Longitude: 1}, math.Pi * geo.EarthRadiusKm / 180, 1e-9},
		// Across the antimeridian the short way is 2 degrees, not 358.
		{"antimeridian", geo.Point{Longitude: 179}, geo.Point{Longitude: -179}, 2 * math.Pi * geo.EarthRadiusKm / 180, 1e-9},
		// A metre apart: the haversine keeps its precision where the law of cosines loses it.
		{"one metre", geo.Point{}, geo.Point{Longitude: 0.001 / (math.Pi * geo.EarthRadiusKm / 180)}, 0.001, 1e-9},
	}
	for _, c := range cases {
		got := geo.DistanceKm(c.a, c.b)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: DistanceKm = %.9f, want %.9f ± %g", c.name, got, c.want, c.tol)
		}
		if back := geo.DistanceKm(c.b, c.a); back != got {
			t.Errorf("%s: not symmetric: %.12f and %.12f", c.name, got, back)
		}
	}
}

func TestEarthRadiusIsTheContracts(t *testing.T) {
	if geo.EarthRadiusKm != 6371.0088 {
		t.Errorf("EarthRadiusKm = %v", geo.EarthRadiusKm)
	}
}
