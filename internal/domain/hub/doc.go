// Package hub is the Hub aggregate: a regional logistics centre with a name, an address, an
// optional location and an optional manager, its rules, its errors, and the Repository port
// through which it is stored.
//
// The package depends on no driver, web framework or SQL builder; a test in internal/ keeps it so.
package hub
