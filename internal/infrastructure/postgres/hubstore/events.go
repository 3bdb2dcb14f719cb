package hubstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the hub's pending events in tx, through the shared outbox, with the
// hub's state in its public JSON (query.HubState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []hub.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateHub, events, func(e hub.Event) postgres.EventOf {
		return postgres.EventOf{Occurrence: e.Occurrence, Type: string(e.Type), AggregateID: e.HubID, State: query.HubStateOf(e.Hub)}
	})
}
