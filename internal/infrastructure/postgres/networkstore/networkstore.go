// Package networkstore is the PostgreSQL read model of the network projection
// (application/network/query): the live hubs and live routes with the feed position they
// reflect, read in one snapshot of the primary.
package networkstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/network/query"
	"github.com/hubd/hubd/internal/domain/network"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Reader is query.NetworkReader over the shared store.
type Reader struct {
	store *postgres.Store
}

var _ query.NetworkReader = (*Reader)(nil)

// New returns the reader over store, which must have a database.
func New(store *postgres.Store) (*Reader, error) {
	if err := store.Check(); err != nil {
		return nil, fmt.Errorf("networkstore: %w", err)
	}
	return &Reader{store: store}, nil
}

const (
	feedHeadSQL  = `SELECT COALESCE(max(seq), 0) FROM events`
	liveHubsSQL  = `SELECT hub_id FROM hubs WHERE NOT is_deleted`
	liveRouteSQL = `SELECT r.route_id, r.departure_hub_id, r.arrival_hub_id, r.distance_km, r.duration_minutes
		FROM hub_routes r
		JOIN hubs d ON d.hub_id = r.departure_hub_id AND NOT d.is_deleted
		JOIN hubs a ON a.hub_id = r.arrival_hub_id AND NOT a.is_deleted
		WHERE NOT r.is_deleted`
)

type routeRow struct {
	RouteID         uuid.UUID `db:"route_id"`
	From            uuid.UUID `db:"departure_hub_id"`
	To              uuid.UUID `db:"arrival_hub_id"`
	DistanceKm      float64   `db:"distance_km"`
	DurationMinutes int       `db:"duration_minutes"`
}

// ReadNetwork reads the feed's head, the live hubs and the live routes in one read-only
// REPEATABLE READ transaction on the primary: the three see one snapshot. Writers append their
// events under one lock held to their commit, so the seqs a snapshot sees are a prefix of the
// feed with no gap a later commit could fill, and the rows are exactly the state after the
// events up to the head. (The join to live hubs is the cascade's guarantee restated: a route of
// a deleted hub is not live.)
func (r *Reader) ReadNetwork(ctx context.Context) (query.Snapshot, error) {
	var snap query.Snapshot
	tx, err := r.store.Primary().BeginTxx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return snap, fmt.Errorf("read the network: %w", postgres.MapError(err))
	}
	defer func() { _ = tx.Rollback() }() // read-only: nothing to commit
	if err := tx.GetContext(ctx, &snap.Seq, feedHeadSQL); err != nil {
		return snap, fmt.Errorf("read the feed's head: %w", postgres.MapError(err))
	}
	if err := tx.SelectContext(ctx, &snap.Hubs, liveHubsSQL); err != nil {
		return snap, fmt.Errorf("read the live hubs: %w", postgres.MapError(err))
	}
	var rows []routeRow
	if err := tx.SelectContext(ctx, &rows, liveRouteSQL); err != nil {
		return snap, fmt.Errorf("read the live routes: %w", postgres.MapError(err))
	}
	snap.Routes = make([]network.Edge, len(rows))
	for i, row := range rows {
		snap.Routes[i] = network.Edge{RouteID: row.RouteID, From: row.From, To: row.To,
			DistanceKm: row.DistanceKm, DurationMinutes: row.DurationMinutes}
	}
	return snap, nil
}

// FeedHead reads the highest committed seq on the primary (the events' primary key serves it).
func (r *Reader) FeedHead(ctx context.Context) (int64, error) {
	var seq int64
	if err := r.store.Primary().GetContext(ctx, &seq, feedHeadSQL); err != nil {
		return 0, fmt.Errorf("read the feed's head: %w", postgres.MapError(err))
	}
	return seq, nil
}

// CheckToken refuses a token that is not a WAL position (with an optional feed seq).
func (r *Reader) CheckToken(t consistency.Token) error { return postgres.CheckToken(t) }
