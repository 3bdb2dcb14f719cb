package routestore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the route's pending events in tx, through the shared outbox, with the
// route's state in its public JSON (query.RouteState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []route.Event) error {
	out := make([]postgres.OutboxEvent, len(events))
	for i, e := range events {
		state, err := json.Marshal(query.RouteStateOf(e.Route))
		if err != nil {
			return err
		}
		out[i] = postgres.OutboxEvent{
			ID: e.ID, AggregateType: query.AggregateRoute, AggregateID: e.RouteID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: state,
		}
	}
	return postgres.AppendOutbox(ctx, tx, out)
}
