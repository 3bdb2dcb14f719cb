// Package query is the query side of the hub network (CQRS): a projection of live hubs and live
// routes held in memory as a network.Graph, built at start from a consistent snapshot of the
// database and kept current by applying the ordered event feed from the snapshot's seq; and the
// path and matrix queries answered from it.
//
// Every hubd instance holds its own projection. An answer reflects the feed up to some seq; a
// request that carries the consistency token of an earlier change is answered from a graph that
// has applied that change (see Projection.Path).
package query
