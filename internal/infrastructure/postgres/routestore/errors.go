package routestore

import (
	"context"

	"github.com/google/uuid"

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
// route that holds the pair (postgres.WithHolder).
func (r *Repository) withHolder(ctx context.Context, err error, dep, arr uuid.UUID) error {
	return postgres.WithHolder(ctx, r.store.Primary(), err, route.ErrExists,
		func(id uuid.UUID) error { return &route.ExistsError{Holder: id} }, liveHolderSQL, dep, arr)
}
