package hubstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the hub's pending events in tx, through the shared outbox, with the hub's
// state in its public JSON (query.HubState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []hub.Event) error {
	out := make([]postgres.OutboxEvent, len(events))
	for i, e := range events {
		state, err := json.Marshal(query.HubStateOf(e.Hub))
		if err != nil {
			return err
		}
		out[i] = postgres.OutboxEvent{
			ID: e.ID, AggregateType: query.AggregateHub, AggregateID: e.HubID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: state,
		}
	}
	return postgres.AppendOutbox(ctx, tx, out)
}
