// Package route is the HubRoute aggregate: a directed link from one hub to another that a truck
// drives, with its road distance and its usual driving time; its rules, its errors, its events
// and the Repository port through which it is stored.
//
// A route knows its hubs by id only. Whether they exist and are live is the application's to
// check (HubNotFound says which field names a missing hub); their locations come in as Ends, so
// the rule "never shorter than the great circle" is checked here, on every write of the figures.
// A hub that moves later does not invalidate its routes: the rule holds for the hubs' locations
// as the distance was written, and the next change of the distance checks it again. A route
// made without Ends (a seed loading figures that the rule would refuse) is checked likewise only
// when its distance changes.
//
// The package depends on no driver, web framework or SQL builder; a test in internal/ keeps it so.
package route
