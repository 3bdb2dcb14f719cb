package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// ErrorMap says, for one aggregate's adapter, which domain error a driver error stands for: a
// missing row, or a refusal by one of its table's constraints. The domain errors belong to a
// kernel.Kind, so what the caller does with them (a 404, a 409) is decided once, elsewhere.
type ErrorMap struct {
	// NoRows is what sql.ErrNoRows means (the aggregate's not-found error); nil leaves it as is.
	NoRows error
	// Constraints maps a constraint or index name to the error its violation means (a unique
	// index of names to the aggregate's name-taken error).
	Constraints map[string]error
}

// mapError maps the errors every adapter shares: a store that cannot answer is
// kernel.ErrUnavailable; the rest is wrapped unchanged for the caller's log.
func mapError(err error) error { return ErrorMap{}.Map(err) }

// MapError is mapError for the adapters: the errors every one of them shares.
func MapError(err error) error { return mapError(err) }

// Map turns driver errors into domain errors where m or the kernel has a word for them, and
// wraps the rest unchanged for the caller's log.
func (m ErrorMap) Map(err error) error {
	if err == nil {
		return nil
	}
	if m.NoRows != nil && errors.Is(err, sql.ErrNoRows) {
		return m.NoRows
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code.Class() == "23" { // integrity constraint violation
		if mapped, ok := m.Constraints[pqErr.Constraint]; ok && mapped != nil {
			return fmt.Errorf("%w: %s", mapped, pqErr.Detail)
		}
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", kernel.ErrUnavailable, err)
	}
	return err
}

// unavailable recognizes a database that cannot answer now, as opposed to one that refused
// the request: no connection, a server shutting down or starting up, too many connections, a
// statement_timeout. A transaction that hit one of these was not committed.
func unavailable(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) {
		return false
	}
	switch c := string(pqErr.Code); {
	case strings.HasPrefix(c, "08"), // connection exception
		c == "57P01", c == "57P02", c == "57P03", // admin shutdown, crash shutdown, cannot connect now
		c == "53300", // too many connections
		c == "57014" && strings.Contains(pqErr.Message, "statement timeout"):
		return true
	}
	return false
}

// WithHolder turns err, when it is a refusal by a unique index (errors.Is taken), into
// holder(id) wrapping err, id being the one live record holderSQL (with args) finds: the error
// then names the record that holds what was refused. The refusal aborted its transaction, so the
// look-up runs with q, the primary, outside it (the holder is committed). When the look-up
// fails, or the holder was deleted meanwhile, err stays as it was: a 409 without an id.
func WithHolder(ctx context.Context, q sqlx.QueryerContext, err, taken error, holder func(uuid.UUID) error, holderSQL string, args ...any) error {
	if !errors.Is(err, taken) {
		return err
	}
	var ids []uuid.UUID
	if qerr := sqlx.SelectContext(ctx, q, &ids, holderSQL, args...); qerr != nil || len(ids) != 1 {
		return err
	}
	return fmt.Errorf("%w: %w", holder(ids[0]), err)
}
