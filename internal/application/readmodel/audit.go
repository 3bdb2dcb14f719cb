package readmodel

import (
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// Audit is the audit members every aggregate's public JSON ends with (isDeleted … deletedBy),
// embedded last in each State type so encoding/json writes them, flattened, in this order.
type Audit struct {
	IsDeleted bool       `json:"isDeleted"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"createdAt"`
	CreatedBy uuid.UUID  `json:"createdBy"`
	UpdatedAt time.Time  `json:"updatedAt"`
	UpdatedBy uuid.UUID  `json:"updatedBy"`
	DeletedAt *time.Time `json:"deletedAt"`
	DeletedBy *uuid.UUID `json:"deletedBy"`
}

// AuditOf is the JSON of a view's audit fields.
func AuditOf(f record.Fields) Audit {
	return Audit{
		IsDeleted: f.Deleted, Version: f.Version,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy, UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy,
		DeletedAt: f.DeletedAt, DeletedBy: f.DeletedBy,
	}
}
