package companystore

import (
	"context"
	"encoding/json"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the company's pending events in tx, through the shared outbox, with the
// company's state in its public JSON (query.CompanyState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []company.Event) error {
	out := make([]postgres.OutboxEvent, len(events))
	for i, e := range events {
		state, err := json.Marshal(query.CompanyStateOf(e.Company))
		if err != nil {
			return err
		}
		out[i] = postgres.OutboxEvent{
			ID: e.ID, AggregateType: query.AggregateCompany, AggregateID: e.CompanyID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: state,
		}
	}
	return postgres.AppendOutbox(ctx, tx, out)
}
