package hubstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

var (
	// One statement for the whole list, served by the primary key: the ids travel as one array
	// parameter, so every list length shares one prepared statement.
	selectHubListSQL       = `SELECT ` + hubColumns + ` FROM hubs WHERE hub_id = ANY($1::uuid[])`
	selectActiveHubListSQL = selectHubListSQL + ` AND NOT is_deleted`
)

// FindList implements hub.Repository: one query through the read router, like every read, and
// the rows put into the order of ids here, where the order is known.
func (r *Repository) FindList(ctx context.Context, ids []uuid.UUID, withDeleted bool) ([]*hub.Hub, error) {
	if err := hub.CheckList(ids); err != nil {
		return nil, err
	}
	q, err := r.store.Reader(ctx) // first, so that a bad consistency token is refused for any list
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return []*hub.Hub{}, nil
	}
	query := selectActiveHubListSQL
	if withDeleted {
		query = selectHubListSQL
	}
	param := make([]string, len(ids))
	for i, id := range ids {
		param[i] = id.String()
	}
	var rows []hubRow
	if err := sqlx.SelectContext(ctx, q, &rows, query, pq.Array(param)); err != nil {
		return nil, fmt.Errorf("find %d hubs: %w", len(ids), postgres.MapError(err))
	}
	byID := make(map[uuid.UUID]*hubRow, len(rows))
	for i := range rows {
		byID[rows[i].HubID] = &rows[i]
	}
	out := make([]*hub.Hub, 0, len(rows))
	for _, id := range ids {
		row, ok := byID[id]
		if !ok {
			continue
		}
		delete(byID, id) // each hub once, where its id first appears
		h, err := row.toHub()
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}
