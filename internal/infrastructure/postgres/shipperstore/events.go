package shipperstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the shipper's pending events in tx, through the shared outbox, with the
// shipper's state in its public JSON (query.ShipperState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []shipper.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateShipper, events, func(e shipper.Event) postgres.EventOf {
		return postgres.EventOf{Occurrence: e.Occurrence, Type: string(e.Type), AggregateID: e.ShipperID, State: query.ShipperStateOf(e.Shipper)}
	})
}
