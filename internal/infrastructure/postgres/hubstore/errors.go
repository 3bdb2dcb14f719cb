package hubstore

import (
	"context"

	"github.com/google/uuid"

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
// that holds name (postgres.WithHolder), after the failed transaction has rolled back.
func (r *Repository) withHolder(ctx context.Context, err error, name string) error {
	if name == "" {
		return err
	}
	return postgres.WithHolder(ctx, r.store.Primary(), err, hub.ErrNameTaken,
		func(id uuid.UUID) error { return &hub.NameTakenError{HolderID: id} }, liveHolderSQL, names.Key(name))
}
