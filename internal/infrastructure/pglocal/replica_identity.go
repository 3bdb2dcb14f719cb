package pglocal

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/lib/pq"
)

// sameSystem refuses a stopped standby that was cloned from another cluster than primary, before
// it is started. Every cluster made by initdb gets a random database system identifier, and a
// base backup copies it, so a standby and its primary always share one. Comparing the two is
// deterministic; the server's own refusal ("database system identifier differs" in the standby's
// log) comes only after the standby has started and its WAL receiver has connected, and the
// receiver reports "streaming" before that, so a standby of another cluster could pass the
// readiness check on a busy machine and never replicate.
func (c cluster) sameSystem(ctx context.Context, primary *Server) error {
	standby, err := controlSystemID(c.lay.data)
	if err != nil {
		return fmt.Errorf("pglocal: read the standby's system identifier: %w", err)
	}
	want, err := runningSystemID(ctx, primary)
	if err != nil {
		return fmt.Errorf("pglocal: read the primary's system identifier: %w", err)
	}
	if standby != want {
		return fmt.Errorf("pglocal: the standby in %s was cloned from another cluster than this primary "+
			"(system identifier %d, the primary's is %d): move its data dir away to clone the primary anew",
			c.lay.data, standby, want)
	}
	return nil
}

// controlSystemID reads a cluster's database system identifier from global/pg_control, which
// begins with it (a uint64 in the machine's byte order) in every PostgreSQL version. Reading the
// file needs no server and, unlike pg_controldata, no parsing of translated output.
func controlSystemID(dataDir string) (uint64, error) {
	f, err := os.Open(filepath.Join(dataDir, "global", "pg_control"))
	if err != nil {
		return 0, err
	}
	defer func() { _ = f.Close() }() // opened for reading: its Close loses nothing
	var b [8]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return 0, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return binary.NativeEndian.Uint64(b[:]), nil
}

// runningSystemID asks a running server for its database system identifier.
func runningSystemID(ctx context.Context, s *Server) (uint64, error) {
	// connect_timeout bounds the handshake, which lib/pq does not tie to ctx.
	connector, err := pq.NewConnector(s.DSN("postgres") + "&connect_timeout=5")
	if err != nil {
		return 0, err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var id int64 // bigint in SQL: the same 64 bits, signed
	if err := db.QueryRowContext(ctx, `SELECT system_identifier FROM pg_control_system()`).Scan(&id); err != nil {
		return 0, err
	}
	return uint64(id), nil //nolint:gosec // G115: the same 64 bits, reinterpreted on purpose
}
