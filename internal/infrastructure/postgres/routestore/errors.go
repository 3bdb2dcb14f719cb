package routestore

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// livePairIndex is migration 0017's partial unique index: one live route per ordered pair.
const livePairIndex = "hub_routes_live_pair"

// routeErrors is what driver errors mean to the route adapter. The foreign keys refuse a hub
// that does not exist at all; the commands find a deleted one before writing.
var routeErrors = postgres.ErrorMap{
	NoRows: route.ErrNotFound,
	Constraints: map[string]error{
		livePairIndex:                      route.ErrExists,
		"hub_routes_departure_hub_id_fkey": route.ErrDepartureHubNotFound,
		"hub_routes_arrival_hub_id_fkey":   route.ErrArrivalHubNotFound,
	},
}

const liveHolderSQL = `SELECT route_id FROM hub_routes WHERE departure_hub_id = $1 AND arrival_hub_id = $2 AND NOT is_deleted`

// withHolder turns a refusal by the live-pair index into a *route.ExistsError naming the live
// route that holds the pair. The refusal aborted the transaction, so the look-up runs on the
// primary outside it (the holder is committed). When it fails, the refusal stays without an id.
func (r *Repository) withHolder(ctx context.Context, err error, dep, arr uuid.UUID) error {
	if !errors.Is(err, route.ErrExists) {
		return err
	}
	var ids []uuid.UUID
	if qerr := sqlx.SelectContext(ctx, r.store.Primary(), &ids, liveHolderSQL, dep, arr); qerr != nil || len(ids) != 1 {
		return err
	}
	return fmt.Errorf("%w: %w", &route.ExistsError{Holder: ids[0]}, err)
}
