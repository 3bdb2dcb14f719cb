package postgres

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// NewPreparedDB exposes the statement cache to the external tests.
func NewPreparedDB(db *sqlx.DB) interface {
	QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error)
} {
	return newPreparedDB(db)
}
