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
const (
	peekLiveHubSQL = `SELECT hub_manager_id FROM hubs WHERE hub_id = $1 AND NOT is_deleted`
	holdLiveHubSQL = peekLiveHubSQL + ` FOR SHARE`
)

// LiveHub reads whether the hub is live and its manager (nil when it has none or is not live)
// with q; hold adds FOR SHARE, which needs q to be a transaction.
func LiveHub(ctx context.Context, q sqlx.QueryerContext, hubID uuid.UUID, hold bool) (live bool, manager *uuid.UUID, err error) {
	sqlText := peekLiveHubSQL
	if hold {
		sqlText = holdLiveHubSQL
	}
	rows, err := q.QueryContext(ctx, sqlText, hubID)
	if err != nil {
		return false, nil, fmt.Errorf("read hub %s: %w", hubID, mapError(err))
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var m NullUUIDCol
		if err := rows.Scan(&m); err != nil {
			return false, nil, fmt.Errorf("scan hub %s: %w", hubID, mapError(err))
		}
		live, manager = true, m.ID
	}
	if err := rows.Err(); err != nil {
		return false, nil, fmt.Errorf("read hub %s: %w", hubID, mapError(err))
	}
	return live, manager, nil
}
