package routestore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the route's pending events in tx, through the shared outbox, with the
// route's state in its public JSON (query.RouteState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []route.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateRoute, events, func(e route.Event) postgres.EventOf {
		return postgres.EventOf{Occurrence: e.Occurrence, Type: string(e.Type), AggregateID: e.RouteID, State: query.RouteStateOf(e.Route)}
	})
}
