package postgres

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The Scanners below take lib/pq's values as they come (a uuid as its 36 text bytes, numbers
// already decoded) without database/sql's reflection or a copy into a string. Each holds one
// pointer, so passing it to Scan allocates nothing.

// UUIDCol scans a uuid column that is never NULL.
type UUIDCol struct{ ID *uuid.UUID }

// Scan implements sql.Scanner.
func (c UUIDCol) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok {
		return fmt.Errorf("uuid column: unexpected %T", src)
	}
	id, err := uuid.ParseBytes(b)
	*c.ID = id
	return err
}

// NullUUIDCol scans a uuid column that may be NULL.
type NullUUIDCol struct{ ID *uuid.UUID }

// Scan implements sql.Scanner.
func (c *NullUUIDCol) Scan(src any) error {
	if src == nil {
		c.ID = nil
		return nil
	}
	c.ID = new(uuid.UUID)
	return UUIDCol{c.ID}.Scan(src)
}

// NullTimeCol scans a timestamptz column that may be NULL (lib/pq decodes it into a time.Time).
type NullTimeCol struct{ T *time.Time }

// Scan implements sql.Scanner.
func (c *NullTimeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		c.T = nil
	case time.Time:
		c.T = &v
	default:
		return fmt.Errorf("timestamp column: unexpected %T", src)
	}
	return nil
}

// FloatCol scans a double precision column that may be NULL.
type FloatCol struct{ F **float64 }

// Scan implements sql.Scanner.
func (c FloatCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.F = nil
	case float64:
		*c.F = &v
	default:
		return fmt.Errorf("float column: unexpected %T", src)
	}
	return nil
}

// IntCol scans a bigint column that is never NULL.
type IntCol struct{ N *int64 }

// Scan implements sql.Scanner.
func (c IntCol) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("integer column: unexpected %T", src)
	}
	*c.N = v
	return nil
}

var _ sql.Scanner = UUIDCol{}

// Columns selected through their type's send function (Sent) come as bytea: PostgreSQL's binary
// form, which lib/pq hands over as the bytes it received (binary in a prepared statement, hex
// text decoded otherwise). The Sent*Col Scanners below read that form with neither text parsing
// nor a copy: a timestamp is its microseconds since 2000-01-01 (exact, as stored), a double its
// IEEE 754 bits, a uuid its 16 bytes. PostgreSQL writes these forms for less than the text ones
// too (timestamptz_out converts to the session's time zone and formats; float8out finds the
// shortest digits).

// Sent selects column through send, the send function of its type (uuid_send,
// timestamptz_send, float8send): an entry of Search.Columns or of a hand-written select list.
// column may be qualified ("hubs.hub_id", as a join needs); each part is quoted. A NULL stays
// NULL.
func Sent(send, column string) string {
	return send + `("` + strings.ReplaceAll(column, ".", `"."`) + `")`
}

// SentTogether selects the binary forms of several columns that are never NULL as one bytea,
// each part after the other; pairs are (send function, column) as for Sent. It is one value
// where there would be one per column for lib/pq to decode and box and database/sql to convert,
// on every row. Scan it with SentFixed and take the parts apart with SentTimeOf and the like.
func SentTogether(pairs ...[2]string) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = Sent(p[0], p[1])
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// SentFixed scans a bytea of exactly its length (a SentTogether column) into itself; scan into
// its address. NULL is an error.
type SentFixed []byte

// Scan implements sql.Scanner.
func (f *SentFixed) Scan(src any) error {
	b, err := sentBytes(src, len(*f), "binary")
	if err == nil && b == nil {
		err = errors.New("binary column: NULL")
	}
	if err != nil {
		return err
	}
	copy(*f, b)
	return nil
}

// SentTimeOf is the time of timestamptz_send's 8 bytes: UTC, to the microsecond PostgreSQL
// stores. ±infinity is an error: no time.Time means it.
func SentTimeOf(b []byte) (time.Time, error) {
	us := int64(binary.BigEndian.Uint64(b)) //nolint:gosec // G115: the bits of PostgreSQL's int64 microseconds
	if us == math.MaxInt64 || us == math.MinInt64 {
		return time.Time{}, errors.New("timestamp column: infinity")
	}
	return time.UnixMicro(us + pgEpochMicros).UTC(), nil
}

// SentInt64Of is the integer of int8send's 8 bytes.
func SentInt64Of(b []byte) int64 {
	return int64(binary.BigEndian.Uint64(b)) //nolint:gosec // G115: the bits of PostgreSQL's int8
}

// pgEpochMicros is PostgreSQL's epoch, 2000-01-01 00:00:00 UTC, in Unix microseconds.
const pgEpochMicros = 946_684_800 * 1_000_000

// sentBytes is a Sent column's bytes, of the length its type's binary form has; nil for NULL.
func sentBytes(src any, n int, what string) ([]byte, error) {
	switch b := src.(type) {
	case nil:
		return nil, nil
	case []byte:
		if len(b) == n {
			return b, nil
		}
		return nil, fmt.Errorf("%s column: %d bytes, not %d", what, len(b), n)
	}
	return nil, fmt.Errorf("%s column: unexpected %T", what, src)
}

// The Sent Scanners of columns that are never NULL hold one pointer, and those of columns that
// may be are scanned through their address, so that passing either to Scan allocates nothing.

// SentUUIDCol scans uuid_send of a uuid column that is never NULL.
type SentUUIDCol struct{ ID *uuid.UUID }

// Scan implements sql.Scanner.
func (c SentUUIDCol) Scan(src any) error {
	b, err := sentBytes(src, len(uuid.UUID{}), "uuid")
	if err == nil && b == nil {
		err = errors.New("uuid column: NULL")
	}
	if err != nil {
		return err
	}
	copy(c.ID[:], b)
	return nil
}

// SentNullUUID scans uuid_send of a uuid column that may be NULL; scan into its address.
type SentNullUUID struct {
	UUID  uuid.UUID
	Valid bool
}

// Scan implements sql.Scanner.
func (n *SentNullUUID) Scan(src any) error {
	b, err := sentBytes(src, len(uuid.UUID{}), "uuid")
	if err != nil {
		return err
	}
	if n.Valid = b != nil; n.Valid {
		copy(n.UUID[:], b)
	}
	return nil
}

// SentTimeCol scans timestamptz_send of a timestamptz column that is never NULL.
type SentTimeCol struct{ T *time.Time }

// Scan implements sql.Scanner.
func (c SentTimeCol) Scan(src any) error {
	var n SentNullTime
	if err := n.Scan(src); err != nil {
		return err
	}
	if !n.Valid {
		return errors.New("timestamp column: NULL")
	}
	*c.T = n.Time
	return nil
}

// SentNullTime scans timestamptz_send of a timestamptz column that may be NULL into a UTC
// time, to the microsecond PostgreSQL stores; scan into its address. ±infinity is an error: no
// time.Time means it.
type SentNullTime struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (n *SentNullTime) Scan(src any) error {
	b, err := sentBytes(src, 8, "timestamp")
	if err != nil {
		return err
	}
	if n.Valid = b != nil; !n.Valid {
		return nil
	}
	n.Time, err = SentTimeOf(b)
	return err
}

// SentNullFloat scans float8send of a double precision column that may be NULL; scan into
// its address.
type SentNullFloat struct {
	Float64 float64
	Valid   bool
}

// Scan implements sql.Scanner.
func (n *SentNullFloat) Scan(src any) error {
	b, err := sentBytes(src, 8, "float")
	if err != nil {
		return err
	}
	if n.Valid = b != nil; n.Valid {
		n.Float64 = math.Float64frombits(binary.BigEndian.Uint64(b))
	}
	return nil
}
