package postgres

import (
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/record"
)

// AuditRow is the audit columns every aggregate's table has (is_deleted … deleted_by), as the
// writes bind them: each adapter's write row embeds it (sqlx binds embedded fields by their db
// tags). It is the public JSON's audit type, whose db tags name the columns.
type AuditRow = readmodel.Audit

// AuditRowOf is the row of a snapshot's audit fields.
func AuditRowOf(f record.Fields) AuditRow { return readmodel.AuditOf(f) }
