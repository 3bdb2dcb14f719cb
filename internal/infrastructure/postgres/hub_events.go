package postgres

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
)

// appendEvents stores the hub's pending events in tx, through the shared outbox, with the hub's
// state in its public JSON (query.HubState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []hub.Event) error {
	out := make([]outboxEvent, len(events))
	for i, e := range events {
		state, err := json.Marshal(query.HubStateOf(e.Hub))
		if err != nil {
			return err
		}
		out[i] = outboxEvent{
			ID: e.ID, AggregateType: query.AggregateHub, AggregateID: e.HubID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: state,
		}
	}
	return appendOutbox(ctx, tx, out)
}

var _ feed.Log = (*HubRepository)(nil)

// EventsAfter implements feed.Log: the outbox of every aggregate, read through the
// repository's read routing.
func (r *HubRepository) EventsAfter(ctx context.Context, after int64, limit int, aggregateType string) ([]feed.Event, error) {
	q, err := r.reader(ctx)
	if err != nil {
		return nil, err
	}
	return readOutbox(ctx, q, after, limit, aggregateType)
}
