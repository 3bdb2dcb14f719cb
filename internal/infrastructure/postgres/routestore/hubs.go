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

// LiveHubEnds implements command.HubEnds, in the transaction ctx carries: the live ones of a
// route's hubs, FOR SHARE (postgres.LiveHubs): a deletion of one (which locks it FOR UPDATE)
// waits until the route's transaction ends and its cascade then sees the route; one that
// committed first leaves the hub deleted here, so the route is refused.
func (r *Repository) LiveHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	return r.hubEnds(ctx, true, departureHubID, arrivalHubID)
}

// PeekHubEnds implements command.HubEnds, in the transaction ctx carries.
func (r *Repository) PeekHubEnds(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	return r.hubEnds(ctx, false, departureHubID, arrivalHubID)
}

func (r *Repository) hubEnds(ctx context.Context, hold bool, departureHubID, arrivalHubID uuid.UUID) (command.HubPair, error) {
	var pair command.HubPair
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		hubs, err := postgres.LiveHubs(ctx, tx, departureHubID, arrivalHubID, hold)
		if err != nil {
			return fmt.Errorf("read the route's hubs: %w", err)
		}
		for _, h := range hubs {
			var at *geo.Point
			if h.Latitude != nil && h.Longitude != nil {
				at = &geo.Point{Latitude: *h.Latitude, Longitude: *h.Longitude}
			}
			if h.ID == departureHubID {
				pair.DepartureLive, pair.Ends.Departure = true, at
			}
			if h.ID == arrivalHubID {
				pair.ArrivalLive, pair.Ends.Arrival = true, at
			}
		}
		return nil
	})
	return pair, err
}
