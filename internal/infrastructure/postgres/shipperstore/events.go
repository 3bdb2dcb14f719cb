package shipperstore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the shipper's pending events in tx, through the shared outbox, with the
// shipper's state in its public JSON (query.ShipperState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []shipper.Event) error {
	out := make([]postgres.OutboxEvent, len(events))
	for i, e := range events {
		state, err := json.Marshal(query.ShipperStateOf(e.Shipper))
		if err != nil {
			return err
		}
		out[i] = postgres.OutboxEvent{
			ID: e.ID, AggregateType: query.AggregateShipper, AggregateID: e.ShipperID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: state,
		}
	}
	return postgres.AppendOutbox(ctx, tx, out)
}
