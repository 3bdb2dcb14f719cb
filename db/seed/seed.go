// Package seeddata carries the reference data hubd loads into a fresh database, embedded so the
// binary needs no files beside it. The directory is db/seed; the package is named seeddata so it
// does not collide with internal/infrastructure/seed, which parses and loads it.
package seeddata

import _ "embed" // for go:embed

// KoreaHubsCSV is korea-hubs.csv: the 17 Korean hubs, one per metropolitan city or province,
// with the header hub_name,address1,latitude,longitude. It is a copy of the shared data file,
// taken verbatim so the two can be compared with cmp.
//
//go:embed korea-hubs.csv
var KoreaHubsCSV []byte
