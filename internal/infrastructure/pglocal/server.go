package pglocal

import (
	"fmt"
	"log/slog"
	"net/url"
	"sync"
)

// Server is a running PostgreSQL child process. Callers must Stop it; in
// Throwaway mode that is also what deletes the data.
type Server struct {
	port   int
	lay    layout
	proc   *process
	logger *slog.Logger
	binDir string // where the server's binaries are: a replica's pg_basebackup is there too

	stopOnce sync.Once
	// cloneMu takes base backups of this server one at a time: a backup's
	// WAL is only protected once its streaming has begun, and another
	// backup's checkpoint and segment switch in between can remove it.
	cloneMu sync.Mutex
}

// Port is the loopback TCP port the server listens on.
func (s *Server) Port() int { return s.port }

// DataDir is the cluster directory; in Throwaway mode it disappears on Stop.
func (s *Server) DataDir() string { return s.lay.data }

// DSN returns a lib/pq URL for database as the bootstrap superuser. No
// password is needed: see the trust-authentication note in the package doc.
func (s *Server) DSN(database string) string { return dsn(s.port, database) }

// dsn is the URL of database on the loopback port as the bootstrap superuser.
func dsn(port int, database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(superuser),
		Host:     fmt.Sprintf("127.0.0.1:%d", port),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}
