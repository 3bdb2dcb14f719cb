package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
)

// The reads of a hub by the commands of what belongs to it (shippers, companies). A command
// that puts a live record at a hub holds it: FOR SHARE, until its transaction ends. A hub's
// deletion locks the hub FOR UPDATE and then counts what is still live there, so it waits for
// the command, or the command, having waited for it, finds the hub deleted: one of the two
// wins, never both.
// The route commands read both of a route's hubs, with their locations, by the same protocol:
// one statement for one hub or two (a single hub is asked for twice).
const (
	peekLiveHubsSQL = `SELECT hub_id, hub_manager_id, latitude, longitude FROM hubs WHERE hub_id IN ($1, $2) AND NOT is_deleted`
	holdLiveHubsSQL = peekLiveHubsSQL + ` FOR SHARE`
)

// LiveHubRow is a live hub as LiveHubs reads it: its manager and its location, nil when it has
// none.
type LiveHubRow struct {
	ID        uuid.UUID
	Manager   *uuid.UUID
	Latitude  *float64
	Longitude *float64
}

// LiveHubs reads the live ones of the hubs a and b (b may be a again) with q; hold adds FOR
// SHARE, which needs q to be a transaction. A hub that is not live is not among them.
func LiveHubs(ctx context.Context, q sqlx.QueryerContext, a, b uuid.UUID, hold bool) ([]LiveHubRow, error) {
	sqlText := peekLiveHubsSQL
	if hold {
		sqlText = holdLiveHubsSQL
	}
	rows, err := q.QueryContext(ctx, sqlText, a, b)
	if err != nil {
		return nil, fmt.Errorf("read hubs %s, %s: %w", a, b, mapError(err))
	}
	defer func() { _ = rows.Close() }()
	var out []LiveHubRow
	for rows.Next() {
		var h LiveHubRow
		m := NullUUIDCol{}
		if err := rows.Scan(UUIDCol{ID: &h.ID}, &m, FloatCol{F: &h.Latitude}, FloatCol{F: &h.Longitude}); err != nil {
			return nil, fmt.Errorf("scan hub: %w", mapError(err))
		}
		h.Manager = m.ID
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read hubs %s, %s: %w", a, b, mapError(err))
	}
	return out, nil
}

// LiveHub reads whether the hub is live and its manager (nil when it has none or is not live)
// with q; hold adds FOR SHARE, which needs q to be a transaction.
func LiveHub(ctx context.Context, q sqlx.QueryerContext, hubID uuid.UUID, hold bool) (live bool, manager *uuid.UUID, err error) {
	hubs, err := LiveHubs(ctx, q, hubID, hubID, hold)
	if err != nil || len(hubs) == 0 {
		return false, nil, err
	}
	return true, hubs[0].Manager, nil
}
