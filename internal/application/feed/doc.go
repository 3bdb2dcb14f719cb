// Package feed reads the one commit-ordered feed of every aggregate's events (the outbox): a
// batch after a position (GET /hub-events) and the streams that share one read per change
// (GET /hub-events/stream). It knows the aggregates only by their type names (the contract's
// table of them), never by their packages.
package feed
