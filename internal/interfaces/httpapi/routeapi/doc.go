// Package routeapi is the hub route's HTTP interface: the contract's /api/v1/hub-routes
// endpoints, a httpapi.Module over the route's use cases.
package routeapi
