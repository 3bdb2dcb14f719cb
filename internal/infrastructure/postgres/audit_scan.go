package postgres

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/record"
)

// AuditColumns are the select-list entries of a record's id and audit columns, in the order
// AuditScan reads them: the id and the audit columns that are never NULL and have a fixed width,
// sent together as one value (SentTogether), is_deleted, and deleted_at and deleted_by sent
// (Sent). table qualifies each column ("" for none), as a join needs. Every aggregate's view
// selects them first, then its own columns, and is read without parsing text.
func AuditColumns(table, idColumn string) []string {
	q := func(column string) string {
		if table == "" {
			return column
		}
		return table + "." + column
	}
	return []string{
		SentTogether(
			[2]string{"uuid_send", q(idColumn)}, [2]string{"int8send", q("version")},
			[2]string{"timestamptz_send", q("created_at")}, [2]string{"uuid_send", q("created_by")},
			[2]string{"timestamptz_send", q("updated_at")}, [2]string{"uuid_send", q("updated_by")},
		),
		q("is_deleted"), Sent("timestamptz_send", q("deleted_at")), Sent("uuid_send", q("deleted_by")),
	}
}

// auditFixedLen is the length of AuditColumns' first value: three uuids and three 8-byte values.
const auditFixedLen = 3*16 + 3*8

// AuditScan reads the AuditColumns of one statement's rows into views' ids and record.Fields.
// Its scan targets serve every row; what a deleted record's fields point to is carved from
// shared arrays (Slab) rather than allocated per row. Make it with NewAuditScan.
type AuditScan struct {
	fixed     SentFixed
	deleted   bool
	deletedAt SentNullTime
	deletedBy SentNullUUID
	times     Slab[time.Time]
	ids       Slab[uuid.UUID]
	dest      [4]any
}

// NewAuditScan is an AuditScan for one statement.
func NewAuditScan() *AuditScan {
	s := &AuditScan{fixed: make(SentFixed, auditFixedLen)}
	s.dest = [4]any{&s.fixed, &s.deleted, &s.deletedAt, &s.deletedBy}
	return s
}

// Dest appends the scan targets of AuditColumns to dest, for rows.Scan, before the view's own.
func (s *AuditScan) Dest(dest []any) []any { return append(dest, s.dest[:]...) }

// Read puts the row just scanned into id and f.
func (s *AuditScan) Read(id *uuid.UUID, f *record.Fields) (err error) {
	b := s.fixed
	*id, f.Version = uuid.UUID(b[0:16]), SentInt64Of(b[16:24])
	if f.CreatedAt, err = SentTimeOf(b[24:32]); err != nil {
		return err
	}
	f.CreatedBy = uuid.UUID(b[32:48])
	if f.UpdatedAt, err = SentTimeOf(b[48:56]); err != nil {
		return err
	}
	f.UpdatedBy = uuid.UUID(b[56:72])
	f.Deleted, f.DeletedAt, f.DeletedBy = s.deleted, nil, nil
	if s.deletedAt.Valid {
		f.DeletedAt = s.times.Put(s.deletedAt.Time)
	}
	if s.deletedBy.Valid {
		f.DeletedBy = s.ids.Put(s.deletedBy.UUID)
	}
	return nil
}

// Slab hands out pointers to values kept in shared arrays: one allocation for many small
// values that live and die together (a page's), instead of one each. The first array, made at
// the first Put, holds Size values.
type Slab[T any] struct {
	free []T
	Size int
}

// Put stores v and returns where; a full array is left to the values in it and a larger one
// begun, so the pointers handed out stay valid.
func (s *Slab[T]) Put(v T) *T {
	if len(s.free) == cap(s.free) {
		s.free = make([]T, 0, max(s.Size, 2*cap(s.free), 1))
	}
	s.free = append(s.free, v)
	return &s.free[len(s.free)-1]
}

// ViewScan is how ScanViews reads one statement's rows into Row: the aggregate's noun (for
// errors), how the query's errors map (its ErrorMap.Map, say), the row's own scan targets and
// what completes a row once scanned. The two funcs may share the statement's temporaries (scan
// targets converted in Finish), which serve every row.
type ViewScan[Row any] struct {
	Noun   string
	MapErr func(error) error
	// Targets appends r's own scan targets, those of the columns after AuditColumns, to dest.
	Targets func(r *Row, dest []any) []any
	// Finish completes r after its scan: audit.Read into its view, what the targets left to
	// convert, and the aggregate's structural invariants (record.CheckStored).
	Finish func(r *Row, audit *AuditScan) error
}

// ScanViews runs a statement that selects AuditColumns and then the columns of s.Targets, and
// scans every row; capacity is the expected number of rows. The scan targets are reused from row
// to row: a row costs no allocation of its own beyond what its Row holds.
func ScanViews[Row any](ctx context.Context, q sqlx.QueryerContext, s ViewScan[Row], sqlText string, args []any, capacity int) ([]Row, error) {
	out := make([]Row, 0, capacity)
	audit := NewAuditScan()
	var dest []any
	var scanErr error
	err := eachRow(ctx, q, sqlText, args, func(vals []driver.Value) error {
		var zero Row
		out = append(out, zero)
		r := &out[len(out)-1]
		dest = s.Targets(r, audit.Dest(dest[:0]))
		if scanErr = assignAll(dest, vals); scanErr != nil {
			scanErr = fmt.Errorf("scan %s: %w", s.Noun, s.MapErr(scanErr))
		} else if scanErr = s.Finish(r, audit); scanErr != nil {
			scanErr = fmt.Errorf("scan %s: %w", s.Noun, scanErr)
		}
		return scanErr
	})
	if scanErr != nil {
		return nil, scanErr
	}
	if err != nil {
		return nil, fmt.Errorf("query: %w", s.MapErr(err))
	}
	return out, nil
}
