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

// KoreaHubRoutesCSV is korea-hub-routes.csv: the 18 connections of the relay network between
// the 17 hubs, by hub name, with the header departure_hub,arrival_hub,distance_km,duration_min;
// each is loaded as two routes, one per direction. A verbatim copy of the shared data file.
//
//go:embed korea-hub-routes.csv
var KoreaHubRoutesCSV []byte
