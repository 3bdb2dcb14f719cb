package route

import (
	"math"
	"strconv"
	"strings"

	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// Limits of the contract.
const (
	MaxDistanceKm      = 2000
	DistanceDecimals   = 3 // the contract's precision: whole metres
	MinDurationMinutes = 1
	MaxDurationMinutes = 10080 // a week
)

// greatCircleTolerance is the relative slack of the great-circle rule; see CheckGreatCircle.
const greatCircleTolerance = 1e-9

// Figures are the parts of a route its users choose, and the only ones that can change: the road
// distance and the usual driving time. New and Update take them whole.
type Figures struct {
	DistanceKm      float64
	DurationMinutes int
}

// Ends are the locations of a route's two hubs, as the application read them with the hubs; nil
// where a hub has no location. They are what the great-circle rule is checked against.
type Ends struct {
	Departure *geo.Point
	Arrival   *geo.Point
}

// CheckGreatCircle refuses a distance shorter than the great circle between the hubs, naming the
// field distanceKm; with either location unknown there is nothing to check. New and Update call
// it; it is exported for the seed, which must make up distances that pass.
//
// The comparison allows a relative 1e-9 (2 µm at 2000 km): a client or a seed that computes the
// same haversine in another order of operations, or in the database, differs from ours in the
// last bits, and one that sends exactly the great-circle distance rounded up to whole metres
// must not be refused for float noise. The contract cannot express less than a metre anyway.
func CheckGreatCircle(distanceKm float64, ends Ends) error {
	var v kernel.Validator
	checkGreatCircle(&v, distanceKm, ends)
	return v.Err(ErrInvalid)
}

// MinDistanceKm is the shortest distance the great-circle rule lets a route between these ends
// have, rounded up to whole metres; ok is false when either location is unknown.
func MinDistanceKm(ends Ends) (km float64, ok bool) {
	if ends.Departure == nil || ends.Arrival == nil {
		return 0, false
	}
	gc := geo.DistanceKm(*ends.Departure, *ends.Arrival)
	return math.Ceil(gc*1000*(1-greatCircleTolerance)) / 1000, true
}

func checkGreatCircle(v *kernel.Validator, distanceKm float64, ends Ends) {
	if ends.Departure == nil || ends.Arrival == nil {
		return
	}
	gc := geo.DistanceKm(*ends.Departure, *ends.Arrival)
	if distanceKm < gc*(1-greatCircleTolerance) {
		minKm, _ := MinDistanceKm(ends)
		v.Add("distanceKm", "must be at least the great-circle distance between the hubs, "+
			strconv.FormatFloat(minKm, 'f', DistanceDecimals, 64)+" km")
	}
}

// check adds every rule f breaks; the great circle only for a distance that is otherwise valid,
// so a client is not told two things about one bad number.
func (f Figures) check(v *kernel.Validator, ends Ends) {
	d := f.DistanceKm
	n := v.Len()
	switch {
	case math.IsNaN(d) || math.IsInf(d, 0):
		v.Add("distanceKm", "must be a finite number")
	case d <= 0 || d > MaxDistanceKm:
		v.Add("distanceKm", "must be greater than 0 and at most "+strconv.Itoa(MaxDistanceKm))
	case decimals(d) > DistanceDecimals:
		v.Add("distanceKm", "must have at most "+strconv.Itoa(DistanceDecimals)+" decimals")
	}
	if v.Len() == n {
		checkGreatCircle(v, d, ends)
	}
	if f.DurationMinutes < MinDurationMinutes || f.DurationMinutes > MaxDurationMinutes {
		v.Add("durationMinutes", "must be an integer from "+strconv.Itoa(MinDurationMinutes)+" to "+strconv.Itoa(MaxDurationMinutes))
	}
}

// decimals counts the decimals of the shortest text that reads back as d, which is the number a
// client wrote in its JSON: 65.3 has one, although the float nearest to it is not 65.3 exactly.
// Counting this way accepts every decimal of at most three places and nothing else, where
// scaling by 1000 and comparing with a tolerance would also accept 65.3000000001.
func decimals(d float64) int {
	s := strconv.FormatFloat(d, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
