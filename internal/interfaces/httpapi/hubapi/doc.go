// Package hubapi is the hub's HTTP interface: the contract's /api/v1/hubs endpoints, a
// httpapi.Module over the hub's use cases, built on the shared httpapi helpers (strict bodies
// and queries, problems, search paging, cursors, Link and page JSON).
package hubapi
