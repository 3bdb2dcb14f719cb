package shipperstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// shipperColumnNames are the stored columns of a shipper, in the order scanShippers reads them.
var shipperColumnNames = []string{
	"shipper_id", "hub_id", "shipper_type", "is_deleted", "version", "created_at", "created_by",
	"updated_at", "updated_by", "deleted_at", "deleted_by",
}

var shipperColumns = strings.Join(shipperColumnNames, ", ")

// qualified names the columns with their table, for the search, which may join hubs.
func qualified() []string {
	out := make([]string, len(shipperColumnNames))
	for i, c := range shipperColumnNames {
		out[i] = "shippers." + c
	}
	return out
}

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

// scanShippers runs a statement that selects shipperColumnNames, in that order, and scans every
// row; capacity is the expected number of rows.
func scanShippers(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]query.ShipperView, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", shipperErrors.Map(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]query.ShipperView, 0, capacity)
	var (
		version   int64
		typ       string
		deletedAt postgres.NullTimeCol
		deleter   postgres.NullUUIDCol
	)
	for rows.Next() {
		out = append(out, query.ShipperView{})
		v := &out[len(out)-1]
		deletedAt.T, deleter.ID = nil, nil
		if err := rows.Scan(postgres.UUIDCol{ID: &v.ID}, postgres.UUIDCol{ID: &v.HubID}, textCol{S: &typ}, &v.Deleted,
			postgres.IntCol{N: &version}, &v.CreatedAt, postgres.UUIDCol{ID: &v.CreatedBy}, &v.UpdatedAt,
			postgres.UUIDCol{ID: &v.UpdatedBy}, &deletedAt, &deleter); err != nil {
			return nil, fmt.Errorf("scan shipper: %w", postgres.MapError(err))
		}
		v.Type, v.Version = shipper.Type(typ), version
		v.DeletedAt, v.DeletedBy = deletedAt.T, deleter.ID
		v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
		if v.DeletedAt != nil {
			*v.DeletedAt = v.DeletedAt.UTC()
		}
		// The structural invariants shipper.UnmarshalFromDatabase checks: a view must not show
		// what no aggregate could be.
		if v.ID == uuid.Nil || v.HubID == uuid.Nil || !v.Type.Valid() || v.Version < 1 || v.Deleted != (v.DeletedAt != nil) {
			return nil, fmt.Errorf("%w: shipper %s version %d deleted %v", shipper.ErrCorruptState, v.ID, v.Version, v.Deleted)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", shipperErrors.Map(err))
	}
	return out, nil
}
