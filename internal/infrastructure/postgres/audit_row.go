package postgres

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// AuditRow is the audit columns every aggregate's table has (is_deleted … deleted_by), as the
// writes bind them: each adapter's write row embeds it (sqlx binds embedded fields by their tags).
type AuditRow struct {
	IsDeleted bool       `db:"is_deleted"`
	Version   int64      `db:"version"`
	CreatedAt time.Time  `db:"created_at"`
	CreatedBy uuid.UUID  `db:"created_by"`
	UpdatedAt time.Time  `db:"updated_at"`
	UpdatedBy uuid.UUID  `db:"updated_by"`
	DeletedAt *time.Time `db:"deleted_at"`
	DeletedBy *uuid.UUID `db:"deleted_by"`
}

// AuditRowOf is the row of a snapshot's audit fields.
func AuditRowOf(f record.Fields) AuditRow {
	return AuditRow{
		IsDeleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy,
	}
}

// Fields are the row's audit fields, as the domain loads them.
func (r AuditRow) Fields() record.Fields {
	return record.Fields{
		Deleted: r.IsDeleted, Version: r.Version,
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy,
		DeletedAt: r.DeletedAt, DeletedBy: r.DeletedBy,
	}
}
