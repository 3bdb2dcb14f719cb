// Package shipperapi is the shipper's HTTP interface: the contract's /api/v1/shippers endpoints
// and the hub's fair rotation, POST /api/v1/hubs/{hubId}/shipper-assignments, a httpapi.Module
// over the shipper's use cases.
package shipperapi
