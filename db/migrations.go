// Package db holds the database schema as golang-migrate files, embedded into the binary so that
// hubd can migrate any database it is pointed at without files beside it.
package db

import "embed"

// Migrations holds migrations/NNNN_name.up.sql and .down.sql.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// MigrationsDir is the directory inside Migrations that holds the files.
const MigrationsDir = "migrations"
