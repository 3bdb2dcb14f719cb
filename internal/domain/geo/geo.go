// Package geo is the earth's geometry the domain needs: the great-circle distance between two
// points on a sphere. It is pure arithmetic, with no I/O, shared by the route rules (a route is
// never shorter than the great circle between its hubs) and by whatever ranks hubs by nearness.
package geo

import "math"

// EarthRadiusKm is the mean earth radius (IUGG, R1 = (2a + b) / 3 of WGS 84) that the contract
// fixes for every great-circle distance, so that the rule on route distances, the nearest-hub
// answers and a client's own arithmetic agree.
const EarthRadiusKm = 6371.0088

// Point is a position in WGS 84 degrees. It has the fields of hub.Location, so one converts to
// the other with a plain conversion: geo.Point(*h.Location()).
type Point struct {
	Latitude  float64
	Longitude float64
}

// DistanceKm is the great-circle distance between a and b on the sphere of radius EarthRadiusKm,
// by the haversine formula: unlike the spherical law of cosines it stays accurate for points a
// few metres apart, which is where route figures and nearest-hub answers are compared. The
// haversine is clamped to [0, 1] so that rounding near the antipodes cannot make asin fail.
func DistanceKm(a, b Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := a.Latitude*rad, b.Latitude*rad
	dLat := lat2 - lat1
	dLon := (b.Longitude - a.Longitude) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	h = math.Min(1, math.Max(0, h))
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}
