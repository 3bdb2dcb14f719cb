package postgres_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// The Sent scanners read PostgreSQL's binary forms into exactly what lib/pq makes of the text
// forms: timestamps to the microsecond (before 2000 too), in UTC; doubles bit for bit; uuids;
// NULL as not Valid. Both ways lib/pq runs a statement are held to it: with arguments (a
// prepared statement, bytea in binary) and without (the simple protocol, bytea as hex text).
func TestSentColumnsMatchTheTextForms(t *testing.T) {
	db := pgtest.Open(t)
	for _, ts := range []string{
		"2026-11-21 05:00:00.123456+00", "1999-12-31 23:59:59.999999+00", "2000-01-01 00:00:00+00",
		"1970-01-01 00:00:00.000001+00", "2026-03-29 02:30:00.5+09", "1900-06-01 12:00:00.000007-03",
	} {
		for _, withArg := range []bool{true, false} {
			sqlText := `SELECT timestamptz_send(v), v, uuid_send(u), u::text, float8send(f), f, timestamptz_send(NULL), uuid_send(NULL), float8send(NULL)
				FROM (SELECT '` + ts + `'::timestamptz AS v, gen_random_uuid() AS u, random() * 1e6 - 5e5 AS f) x`
			var args []any
			if withArg {
				sqlText += ` WHERE $1::int = 1`
				args = []any{1}
			}
			var (
				got, want time.Time
				id        uuid.UUID
				idText    string
				f         postgres.SentNullFloat
				wantF     float64
				nullT     postgres.SentNullTime
				nullU     postgres.SentNullUUID
				nullF     = postgres.SentNullFloat{Valid: true}
			)
			if err := db.QueryRowContext(ctx, sqlText, args...).Scan(postgres.SentTimeCol{T: &got}, &want,
				postgres.SentUUIDCol{ID: &id}, &idText, &f, &wantF, &nullT, &nullU, &nullF); err != nil {
				t.Fatalf("%s (arguments %v): %v", ts, withArg, err)
			}
			if !got.Equal(want) || got.Location() != time.UTC || got.Nanosecond()%1000 != 0 {
				t.Errorf("%s (arguments %v): sent %v, text %v", ts, withArg, got, want)
			}
			if id.String() != idText || !f.Valid || math.Float64bits(f.Float64) != math.Float64bits(wantF) {
				t.Errorf("%s (arguments %v): uuid %s/%s, float %v/%v", ts, withArg, id, idText, f, wantF)
			}
			if nullT.Valid || nullU.Valid || nullF.Valid {
				t.Errorf("%s (arguments %v): a NULL scanned as valid: %v %v %v", ts, withArg, nullT, nullU, nullF)
			}
		}
	}
}

// A NULL where a column must have a value, infinity, and a value of the wrong width are errors,
// not zero values.
func TestSentColumnsRefuseWhatTheyCannotHold(t *testing.T) {
	db := pgtest.Open(t)
	var (
		tm time.Time
		id uuid.UUID
	)
	for name, c := range map[string]struct {
		sqlText string
		dest    any
	}{
		"NULL time":     {`SELECT timestamptz_send(NULL)`, postgres.SentTimeCol{T: &tm}},
		"NULL uuid":     {`SELECT uuid_send(NULL)`, postgres.SentUUIDCol{ID: &id}},
		"infinity":      {`SELECT timestamptz_send('infinity')`, postgres.SentTimeCol{T: &tm}},
		"-infinity":     {`SELECT timestamptz_send('-infinity')`, &postgres.SentNullTime{}},
		"text for uuid": {`SELECT 'abc'::text`, postgres.SentUUIDCol{ID: &id}},
		"short bytea":   {`SELECT '\x0102'::bytea`, &postgres.SentNullFloat{}},
	} {
		if err := db.QueryRowContext(ctx, c.sqlText).Scan(c.dest); err == nil {
			t.Errorf("%s: scanned", name)
		}
	}
}

// SentTogether's one value holds each part's binary form in order, and SentFixed refuses a value
// of another length.
func TestSentTogetherHoldsEachPart(t *testing.T) {
	db := pgtest.Open(t)
	sqlText := `SELECT ` + postgres.SentTogether([2]string{"uuid_send", "u"}, [2]string{"int8send", "n"}, [2]string{"timestamptz_send", "v"}) +
		`, u::text, n, v FROM (SELECT gen_random_uuid() AS u, 1234567890123::int8 AS n, '1969-07-20 20:17:40.000042+00'::timestamptz AS v) x WHERE $1::int = 1`
	var (
		fixed  = make(postgres.SentFixed, 32)
		idText string
		n      int64
		want   time.Time
	)
	if err := db.QueryRowContext(ctx, sqlText, 1).Scan(&fixed, &idText, &n, &want); err != nil {
		t.Fatal(err)
	}
	got, err := postgres.SentTimeOf(fixed[24:32])
	if id := uuid.UUID(fixed[0:16]); id.String() != idText || postgres.SentInt64Of(fixed[16:24]) != n || err != nil || !got.Equal(want) {
		t.Errorf("parts %x: uuid %s, int %d, time %v (%v); want %s %d %v", []byte(fixed), id, postgres.SentInt64Of(fixed[16:24]), got, err, idText, n, want)
	}
	short := make(postgres.SentFixed, 31)
	if err := db.QueryRowContext(ctx, sqlText, 1).Scan(&short, &idText, &n, &want); err == nil {
		t.Error("a value of 32 bytes scanned into 31")
	}

	// A qualified column is x's where a join makes the plain name ambiguous.
	joined := `SELECT ` + postgres.SentTogether([2]string{"uuid_send", "x.u"}, [2]string{"int8send", "x.n"}) + `, x.u::text, x.n
		FROM (SELECT gen_random_uuid() AS u, 42::int8 AS n) x JOIN (SELECT gen_random_uuid() AS u, 43::int8 AS n) y ON true`
	fixed = make(postgres.SentFixed, 24)
	if err := db.QueryRowContext(ctx, joined).Scan(&fixed, &idText, &n); err != nil {
		t.Fatal(err)
	}
	if id := uuid.UUID(fixed[0:16]); id.String() != idText || postgres.SentInt64Of(fixed[16:24]) != 42 || n != 42 {
		t.Errorf("qualified parts %x: want x's uuid %s and 42", []byte(fixed), idText)
	}
}

// AuditColumns qualified by a table read that table's columns where a join makes the plain
// names ambiguous, through SentTogether and Sent as a qualified name; AuditScan takes them apart.
func TestAuditColumnsQualified(t *testing.T) {
	db := pgtest.Open(t)
	const audit = `SELECT %s AS id, 7::int8 AS version, '2026-11-21 05:00:00.123456+00'::timestamptz AS created_at,
		%s AS created_by, '2026-11-22 06:00:00+00'::timestamptz AS updated_at, %s AS updated_by, %s AS is_deleted,
		%s AS deleted_at, %s AS deleted_by`
	id, by, deletedBy := uuid.New(), uuid.New(), uuid.New()
	x := fmt.Sprintf(audit, "'"+id.String()+"'::uuid", "'"+by.String()+"'::uuid", "'"+by.String()+"'::uuid",
		"true", "'1999-12-31 23:59:59.999999+00'::timestamptz", "'"+deletedBy.String()+"'::uuid")
	y := fmt.Sprintf(audit, "gen_random_uuid()", "gen_random_uuid()", "gen_random_uuid()", "false", "NULL::timestamptz", "NULL::uuid")
	sqlText := `SELECT ` + strings.Join(postgres.AuditColumns("x", "id"), ", ") + ` FROM (` + x + `) x JOIN (` + y + `) y ON true WHERE $1::int = 1`
	scan := postgres.NewAuditScan()
	if err := db.QueryRowContext(ctx, sqlText, 1).Scan(scan.Dest(nil)...); err != nil {
		t.Fatal(err)
	}
	var (
		gotID uuid.UUID
		f     record.Fields
	)
	if err := scan.Read(&gotID, &f); err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 21, 5, 0, 0, 123456000, time.UTC)
	deletedAt := time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)
	if gotID != id || f.Version != 7 || !f.CreatedAt.Equal(created) || f.CreatedBy != by || f.UpdatedBy != by ||
		!f.UpdatedAt.Equal(created.Add(25*time.Hour-123456*time.Microsecond)) || !f.Deleted ||
		f.DeletedAt == nil || !f.DeletedAt.Equal(deletedAt) || f.DeletedBy == nil || *f.DeletedBy != deletedBy {
		t.Errorf("x's audit columns: id %s %+v; want %s, version 7, by %s, deleted at %v by %s", gotID, f, id, by, deletedAt, deletedBy)
	}
}
