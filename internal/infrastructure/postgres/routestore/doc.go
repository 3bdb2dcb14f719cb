// Package routestore is the hub route's PostgreSQL adapter: route.Repository (sqlx CRUD, the
// outbox events of every change, the cascade's selections), the route queries' read models
// (scanned straight into query.RouteView, the search on the shared postgres.Search planner) and
// the hubs as the route commands read them (locked against a concurrent deletion), on the
// shared postgres.Store. Every write joins the transaction the context carries, if any.
package routestore
