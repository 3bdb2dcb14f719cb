package routestore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/command"
	"github.com/hubd/hubd/internal/domain/geo"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var _ command.HubEnds = (*Repository)(nil)

// liveHubsSQL reads the live ones of a route's hubs, FOR SHARE: a deletion of one (which locks
// it FOR UPDATE) waits until the route's transaction ends and its cascade then sees the route;
// one that committed first leaves the hub deleted here, so the route is refused.
const (
	peekHubsSQL = `SELECT hub_id, latitude, longitude FROM hubs WHERE hub_id IN ($1, $2) AND NOT is_deleted`
	liveHubsSQL = peekHubsSQL + ` FOR SHARE`
)

// LiveHubEnds implements command.HubEnds, in the transaction ctx carries.
func (r *Repository) LiveHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	return r.hubEnds(ctx, liveHubsSQL, departureHubID, arrivalHubID)
}

// PeekHubEnds implements command.HubEnds, in the transaction ctx carries.
func (r *Repository) PeekHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	return r.hubEnds(ctx, peekHubsSQL, departureHubID, arrivalHubID)
}

func (r *Repository) hubEnds(ctx context.Context, sqlText string, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	var pair command.HubPair
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		rows, err := tx.QueryContext(ctx, sqlText, departureHubID, arrivalHubID)
		if err != nil {
			return fmt.Errorf("read the route's hubs: %w", postgres.MapError(err))
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var id uuid.UUID
			var lat, lng *float64
			if err := rows.Scan(postgres.UUIDCol{ID: &id}, postgres.FloatCol{F: &lat}, postgres.FloatCol{F: &lng}); err != nil {
				return fmt.Errorf("scan hub: %w", postgres.MapError(err))
			}
			var at *geo.Point
			if lat != nil && lng != nil {
				at = &geo.Point{Latitude: *lat, Longitude: *lng}
			}
			if id == departureHubID {
				pair.DepartureLive, pair.Ends.Departure = true, at
			}
			if id == arrivalHubID {
				pair.ArrivalLive, pair.Ends.Arrival = true, at
			}
		}
		return postgres.MapError(rows.Err())
	})
	return pair, err
}
