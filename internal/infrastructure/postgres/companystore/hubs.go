package companystore

import (
	"context"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var _ command.Hubs = (*Repository)(nil)

// HoldHub implements command.Hubs, in the transaction ctx carries, by the protocol every command
// that puts a live record at a hub follows (postgres.LiveHub, held): the hub is read FOR SHARE,
// so its deletion (which locks it FOR UPDATE and then counts its live companies, the hub-in-use
// guard) waits for this transaction and sees the company; a deletion that committed first
// leaves the hub not live here.
func (r *Repository) HoldHub(ctx context.Context, hubID uuid.UUID) (command.HubHold, error) {
	var h command.HubHold
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) (err error) {
		h.Live, h.ManagerID, err = postgres.LiveHub(ctx, tx, hubID, true)
		return err
	})
	return h, err
}
