package hubstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// liveNameIndex is the partial unique index of migration 0001 that keeps live names unique.
const liveNameIndex = "hubs_live_name_key"

// hubErrors is what driver errors mean to the hub adapter.
var hubErrors = postgres.ErrorMap{
	NoRows:      hub.ErrNotFound,
	Constraints: map[string]error{liveNameIndex: hub.ErrNameTaken},
}

// liveHolderSQL finds the live hub holding a name key ($1 is names.Key of the name, as the
// name_key column is written); the live-name index serves the look-up.
const liveHolderSQL = `SELECT hub_id FROM hubs WHERE NOT is_deleted AND name_key = $1`

// withHolder turns a refusal by the live-name index into a *hub.NameTakenError naming the hub
// that holds name. It runs after the failed transaction has rolled back (the unique violation
// aborted it, so no statement could run in it), on the primary. When the look-up fails, or the
// holder was deleted meanwhile, the refusal stays as it was: a 409 without an id.
func (r *Repository) withHolder(ctx context.Context, err error, name string) error {
	if !errors.Is(err, hub.ErrNameTaken) || name == "" {
		return err
	}
	var ids []uuid.UUID
	if qerr := sqlx.SelectContext(ctx, r.store.Primary(), &ids, liveHolderSQL, names.Key(name)); qerr != nil || len(ids) != 1 {
		return err
	}
	return fmt.Errorf("%w: %w", &hub.NameTakenError{HolderID: ids[0]}, err)
}
