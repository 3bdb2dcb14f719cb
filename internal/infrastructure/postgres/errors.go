package postgres

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
)

// liveNameIndex is the partial unique index of migration 0001 that keeps live names unique.
const liveNameIndex = "hubs_live_name_key"

// mapError turns driver errors into domain errors where the domain has a word for them, and
// wraps the rest unchanged for the caller's log.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return hub.ErrNotFound
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" && pqErr.Constraint == liveNameIndex {
		return fmt.Errorf("%w: %s", hub.ErrNameTaken, pqErr.Detail)
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", hub.ErrUnavailable, err)
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
