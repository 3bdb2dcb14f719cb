package hubstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var _ command.HubUsers = (*Repository)(nil)

// liveUsersSQL counts a hub's live shippers and companies in one statement, so both counts come
// from one snapshot. Each count is a range on one of the partial live indexes that lead with
// hub_id (shippers_live_*, companies_live_hub: migrations 0020 and 0021), so it reads only the
// hub's live rows (TestHubRepository_LiveUsers checks the plan).
const liveUsersSQL = `SELECT
	(SELECT count(*) FROM shippers WHERE hub_id = $1 AND NOT is_deleted),
	(SELECT count(*) FROM companies WHERE hub_id = $1 AND NOT is_deleted)`

// LiveUsers implements command.HubUsers, in the transaction ctx carries (the hub's deletion's,
// with the hub row locked), or on the primary when it carries none: never on a replica, whose
// count could miss a registration just committed.
func (r *Repository) LiveUsers(ctx context.Context, hubID uuid.UUID) (shippers, companies int64, err error) {
	err = r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.QueryRowContext(ctx, liveUsersSQL, hubID).Scan(&shippers, &companies); err != nil {
			return fmt.Errorf("count the users of hub %s: %w", hubID, postgres.MapError(err))
		}
		return nil
	})
	return shippers, companies, err
}
