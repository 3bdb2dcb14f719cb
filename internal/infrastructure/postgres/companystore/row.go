package companystore

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// columnNames are the stored columns of a company, as the writes name them; name_key among
// them, which hubd computes and a companyName cursor needs.
var columnNames = []string{
	"company_id", "company_name", "name_key", "hub_id", "company_manager_id", "zip_code", "address1", "address2",
	"is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by",
}

var columns = strings.Join(columnNames, ", ")

// viewColumns are a company's columns as the reads select them, in the order scanCompanies
// reads them: the id and audit columns in binary form (postgres.AuditColumns), then the
// company's own, its uuids in binary form too.
var viewColumns = strings.Join(append(postgres.AuditColumns("", "company_id"),
	"company_name", "name_key", postgres.Sent("uuid_send", "hub_id"), postgres.Sent("uuid_send", "company_manager_id"),
	"zip_code", "address1", "address2"), ", ")

// qualified are viewColumns named with their table, for the search (joined to hubs, which has
// name_key, hub_id, is_deleted … of its own).
var qualified = append(postgres.AuditColumns("companies", "company_id"),
	"companies.company_name", "companies.name_key", postgres.Sent("uuid_send", "companies.hub_id"),
	postgres.Sent("uuid_send", "companies.company_manager_id"), "companies.zip_code", "companies.address1", "companies.address2")

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

// scanCompanies runs a statement that selects viewColumns, in that order, and scans every row;
// capacity is the expected number of rows.
func scanCompanies(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]viewRow, error) {
	var (
		manager  postgres.SentNullUUID
		managers = postgres.Slab[uuid.UUID]{Size: capacity}
	)
	return postgres.ScanViews(ctx, q, postgres.ViewScan[viewRow]{
		Noun: "company", MapErr: companyErrors.Map,
		Targets: func(r *viewRow, dest []any) []any {
			v := &r.CompanyView
			return append(dest, &v.Name, &r.NameKey, postgres.SentUUIDCol{ID: &v.HubID}, &manager,
				&v.Address.ZipCode, &v.Address.Address1, &v.Address.Address2)
		},
		Finish: func(r *viewRow, audit *postgres.AuditScan) error {
			v := &r.CompanyView
			if err := audit.Read(&v.ID, &v.Fields); err != nil {
				return err
			}
			if manager.Valid {
				v.ManagerID = managers.Put(manager.UUID)
			}
			// The structural invariants company.UnmarshalFromDatabase checks: a view must not
			// show what no aggregate could be.
			return record.CheckStored(company.ErrCorruptState, "company", v.ID, &v.Fields, v.HubID != uuid.Nil)
		},
	}, sqlText, args, capacity)
}
