// Package hubstore is the hub's PostgreSQL adapter: hub.Repository (sqlx CRUD, the outbox events
// of every change) and the hub queries' read models (scanned straight into query.HubView, the
// search on the shared postgres.Search planner), on the shared postgres.Store.
package hubstore
