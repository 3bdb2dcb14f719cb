package postgres

import (
	"database/sql"
	"fmt"
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
