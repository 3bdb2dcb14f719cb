package companystore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// appendEvents stores the company's pending events in tx, through the shared outbox, with the
// company's state in its public JSON (query.CompanyState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []company.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateCompany, events, func(e company.Event) postgres.EventOf {
		return postgres.EventOf{Occurrence: e.Occurrence, Type: string(e.Type), AggregateID: e.CompanyID, State: query.CompanyStateOf(e.Company)}
	})
}
