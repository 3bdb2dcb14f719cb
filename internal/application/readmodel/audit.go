package readmodel

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Audit is the audit members every aggregate's public JSON ends with (isDeleted … deletedBy),
// embedded last in each State type so encoding/json writes them, flattened, in this order. The
// db tags name the audit columns every aggregate's table has: the PostgreSQL adapter's write rows
// embed the same type (postgres.AuditRow), so the members and the columns are listed once.
type Audit struct {
	IsDeleted bool       `json:"isDeleted" db:"is_deleted"`
	Version   int64      `json:"version" db:"version"`
	CreatedAt time.Time  `json:"createdAt" db:"created_at"`
	CreatedBy uuid.UUID  `json:"createdBy" db:"created_by"`
	UpdatedAt time.Time  `json:"updatedAt" db:"updated_at"`
	UpdatedBy uuid.UUID  `json:"updatedBy" db:"updated_by"`
	DeletedAt *time.Time `json:"deletedAt" db:"deleted_at"`
	DeletedBy *uuid.UUID `json:"deletedBy" db:"deleted_by"`
}

// AuditOf is the JSON of a view's audit fields.
func AuditOf(f record.Fields) Audit {
	return Audit{
		IsDeleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy,
	}
}

// Fields are the audit fields again, as the domain loads them.
func (a Audit) Fields() record.Fields {
	return record.Fields{
		Deleted: a.IsDeleted, Version: a.Version,
		CreatedAt: a.CreatedAt, CreatedBy: a.CreatedBy, UpdatedAt: a.UpdatedAt, UpdatedBy: a.UpdatedBy,
		DeletedAt: a.DeletedAt, DeletedBy: a.DeletedBy,
	}
}
