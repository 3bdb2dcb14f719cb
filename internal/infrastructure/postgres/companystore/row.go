package companystore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// columnNames are the stored columns of a company, in the order scanCompanies reads them;
// name_key among them, which a companyName cursor needs.
var columnNames = []string{
	"company_id", "company_name", "name_key", "hub_id", "company_manager_id", "zip_code", "address1", "address2",
	"is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by",
}

var columns = strings.Join(columnNames, ", ")

// qualified are the columns named with their table, for the search (joined to hubs, which has
// name_key, hub_id, is_deleted … of its own).
var qualified = func() []string {
	out := make([]string, len(columnNames))
	for i, c := range columnNames {
		out[i] = "companies." + c
	}
	return out
}()

// writeRow is what the writes bind; NameKey is names.Key(CompanyName), computed by hubd.
type writeRow struct {
	CompanyID uuid.UUID  `db:"company_id"`
	Name      string     `db:"company_name"`
	NameKey   string     `db:"name_key"`
	HubID     uuid.UUID  `db:"hub_id"`
	ManagerID *uuid.UUID `db:"company_manager_id"`
	ZipCode   string     `db:"zip_code"`
	Address1  string     `db:"address1"`
	Address2  string     `db:"address2"`
	postgres.AuditRow
}

func rowOf(s company.Snapshot) writeRow {
	d := s.Details
	return writeRow{
		CompanyID: s.ID, Name: d.Name, NameKey: names.Key(d.Name), HubID: d.HubID, ManagerID: d.ManagerID,
		ZipCode: d.Address.ZipCode, Address1: d.Address.Address1, Address2: d.Address.Address2,
		AuditRow: postgres.AuditRowOf(s.Fields),
	}
}

// viewRow is a company as read: its view, and the stored name key (for companyName cursors).
type viewRow struct {
	query.CompanyView
	NameKey string
}

// scanCompanies runs a statement that selects columnNames, in that order, and scans every row;
// capacity is the expected number of rows.
func scanCompanies(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]viewRow, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", companyErrors.Map(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]viewRow, 0, capacity)
	var (
		version            int64
		deletedAt          postgres.NullTimeCol
		manager, deletedBy postgres.NullUUIDCol
	)
	for rows.Next() {
		out = append(out, viewRow{})
		r := &out[len(out)-1]
		v := &r.CompanyView
		deletedAt.T, manager.ID, deletedBy.ID = nil, nil, nil
		if err := rows.Scan(postgres.UUIDCol{ID: &v.ID}, &v.Name, &r.NameKey, postgres.UUIDCol{ID: &v.HubID}, &manager,
			&v.Address.ZipCode, &v.Address.Address1, &v.Address.Address2,
			&v.Deleted, postgres.IntCol{N: &version}, &v.CreatedAt, postgres.UUIDCol{ID: &v.CreatedBy},
			&v.UpdatedAt, postgres.UUIDCol{ID: &v.UpdatedBy}, &deletedAt, &deletedBy); err != nil {
			return nil, fmt.Errorf("scan company: %w", postgres.MapError(err))
		}
		v.Version, v.ManagerID, v.DeletedAt, v.DeletedBy = version, manager.ID, deletedAt.T, deletedBy.ID
		v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
		if v.DeletedAt != nil {
			*v.DeletedAt = v.DeletedAt.UTC()
		}
		// The structural invariants company.UnmarshalFromDatabase checks: a view must not show
		// what no aggregate could be.
		if v.ID == uuid.Nil || v.HubID == uuid.Nil || v.Version < 1 || v.Deleted != (v.DeletedAt != nil) {
			return nil, fmt.Errorf("%w: company %s version %d deleted %v", company.ErrCorruptState, v.ID, v.Version, v.Deleted)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", companyErrors.Map(err))
	}
	return out, nil
}
