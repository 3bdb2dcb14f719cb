// Package companystore is the company's PostgreSQL adapter: company.Repository (sqlx CRUD, the
// outbox events of every change, name_key written by hubd), the company queries' read models
// (the search on the shared postgres.Search planner, joined to hubs for a hubName prefix) and the
// hubs as the company commands read them (held FOR SHARE), on the shared postgres.Store. Every
// write joins the transaction the context carries, if any.
package companystore
