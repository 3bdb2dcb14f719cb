package companystore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/command"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var _ command.Hubs = (*Repository)(nil)

// holdHubSQL is the protocol every command that puts a live company at a hub follows (the route
// commands' hub read does the same): the hub is read FOR SHARE, so its deletion (which locks it
// FOR UPDATE and then counts its live companies, the hub-in-use guard) waits for this
// transaction and sees the company; a deletion that committed first leaves no row here.
const holdHubSQL = `SELECT hub_manager_id FROM hubs WHERE hub_id = $1 AND NOT is_deleted FOR SHARE`

// HoldHub implements command.Hubs, in the transaction ctx carries.
func (r *Repository) HoldHub(ctx context.Context, hubID uuid.UUID) (command.HubHold, error) {
	var h command.HubHold
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		var manager postgres.NullUUIDCol
		err := tx.QueryRowContext(ctx, holdHubSQL, hubID).Scan(&manager)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("hold hub %s: %w", hubID, postgres.MapError(err))
		}
		h = command.HubHold{Live: true, ManagerID: manager.ID}
		return nil
	})
	return h, err
}
