package shipperstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// shipperColumnNames are the stored columns of a shipper as the reads select them, in the order
// scanShippers reads them: the id and audit columns in binary form (postgres.AuditColumns), then
// the shipper's own.
var shipperColumnNames = append(postgres.AuditColumns("", "shipper_id"), postgres.Sent("uuid_send", "hub_id"), "shipper_type")

var shipperColumns = strings.Join(shipperColumnNames, ", ")

// qualified are the columns named with their table, for the search, which may join hubs.
var qualified = append(postgres.AuditColumns("shippers", "shipper_id"), postgres.Sent("uuid_send", "shippers.hub_id"), "shippers.shipper_type")

// writeRow is what the writes bind.
type writeRow struct {
	ShipperID uuid.UUID `db:"shipper_id"`
	HubID     uuid.UUID `db:"hub_id"`
	Type      string    `db:"shipper_type"`
	postgres.AuditRow
}

func rowOf(s shipper.Snapshot) writeRow {
	return writeRow{
		ShipperID: s.ID, HubID: s.Details.HubID, Type: string(s.Details.Type), AuditRow: postgres.AuditRowOf(s.Fields),
	}
}

func snapshotOf(v query.ShipperView) shipper.Snapshot {
	return shipper.Snapshot{
		ID: v.ID, Details: shipper.Details{HubID: v.HubID, Type: v.Type}, Fields: v.Fields,
	}
}

func toShipper(v query.ShipperView) (*shipper.Shipper, error) {
	return shipper.UnmarshalFromDatabase(snapshotOf(v))
}

// textCol scans a text column that is never NULL.
type textCol struct{ S *string }

// Scan implements sql.Scanner.
func (c textCol) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		*c.S = string(v)
	case string:
		*c.S = v
	default:
		return fmt.Errorf("text column: unexpected %T", src)
	}
	return nil
}

// scanShippers runs a statement that selects shipperColumns, in that order, and scans every
// row; capacity is the expected number of rows.
func scanShippers(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]query.ShipperView, error) {
	var typ string
	return postgres.ScanViews(ctx, q, postgres.ViewScan[query.ShipperView]{
		Noun: "shipper", MapErr: shipperErrors.Map,
		Targets: func(v *query.ShipperView, dest []any) []any {
			return append(dest, postgres.SentUUIDCol{ID: &v.HubID}, textCol{S: &typ})
		},
		Finish: func(v *query.ShipperView, audit *postgres.AuditScan) error {
			if err := audit.Read(&v.ID, &v.Fields); err != nil {
				return err
			}
			v.Type = shipper.Type(typ)
			// The structural invariants shipper.UnmarshalFromDatabase checks: a view must not
			// show what no aggregate could be.
			return record.CheckStored(shipper.ErrCorruptState, "shipper", v.ID, &v.Fields, v.HubID != uuid.Nil && v.Type.Valid())
		},
	}, sqlText, args, capacity)
}
