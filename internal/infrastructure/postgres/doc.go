// Package postgres is the PostgreSQL side of hubd: the hub.Repository adapter (hand-written SQL
// through sqlx for single rows, a goqu builder for the dynamic search), the transaction helper,
// the error mapping and the migrations runner.
package postgres
