// Package shipperstore is the shipper's PostgreSQL adapter: shipper.Repository (sqlx CRUD, the
// outbox events of every change), the fair rotation (shipper.Rotation, one statement per turn),
// the shipper queries' read models (scanned straight into query.ShipperView, the search on the
// shared postgres.Search planner, joined with hubs for the hub name prefix) and the hubs as the
// shipper commands read them (held against a concurrent deletion), on the shared
// postgres.Store. Every write joins the transaction the context carries, if any.
package shipperstore
