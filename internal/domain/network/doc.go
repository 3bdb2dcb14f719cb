// Package network is the hub network as a value: a Graph of live hubs and live routes, and the
// shortest paths over it. It is pure computation, with no I/O: the application builds a Graph
// from storage, derives a new one for every change it learns of (Apply), swaps an atomic pointer
// to it, and answers path and matrix queries from whichever Graph it holds.
//
// A Graph never changes once made, so a reader holding one sees one consistent state of the
// network however many changes are applied meanwhile, and readers need no lock.
//
// # Shortest paths
//
// Costs are integers: a distance in whole metres (the contract's three decimals of a kilometre)
// and a duration in minutes. Sums of integers tie exactly where sums of floats would not
// (0.1 + 0.2 km is 0.3 km here), which the tie rules rely on, and every cost is positive
// (a route is at least a metre and a minute long), which Dijkstra relies on.
//
// Among the paths of least cost the one with the fewest legs wins, and among those the one whose
// sequence of hub ids is the smallest, comparing the sequences element by element from the start
// and the ids as 16-byte strings (which is also the order of their canonical lowercase text).
// Shortest reports the globally least path under that order; see search for why a Dijkstra that
// compares only the last hubs before a node would not.
package network
