package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// PoolConfig bounds the connection pool. Zero values take the defaults of DefaultPoolConfig.
type PoolConfig struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	ConnMaxIdleTime time.Duration
	// StatementTimeout, when set, is PostgreSQL's statement_timeout for every connection.
	StatementTimeout time.Duration
	// ConnectTimeout bounds opening one connection, whatever the caller's context allows
	// (database/sql also opens connections in the background, with a context that never ends).
	// Zero means DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// DefaultPoolConfig suits one hubd process on a small machine.
var DefaultPoolConfig = PoolConfig{
	MaxOpenConns:    20,
	MaxIdleConns:    20,
	ConnMaxLifetime: 30 * time.Minute,
	ConnMaxIdleTime: 5 * time.Minute,
}

// Open connects to dsn (a lib/pq URL) and checks the connection before returning.
func Open(ctx context.Context, dsn string, cfg PoolConfig) (*sqlx.DB, error) {
	db, err := OpenLazy(dsn, cfg)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// OpenLazy is Open without the check: for read replicas, which may be down when hubd starts
// and are skipped until they answer.
//
// Every operation on the pool is bounded by its context, however the server fails (see
// connector): a query whose context ends gets its error at once, and its connection is closed,
// never reused.
func OpenLazy(dsn string, cfg PoolConfig) (*sqlx.DB, error) {
	// lib/pq sends parameters it does not know as run-time settings at connection start.
	if cfg.StatementTimeout > 0 {
		dsn = withSetting(dsn, "statement_timeout", strconv.FormatInt(cfg.StatementTimeout.Milliseconds(), 10))
	}
	// hubd sends no cancel requests (see connector): when it cuts a connection off, the server
	// notices the closed socket within a second even while a statement runs.
	dsn = withSetting(dsn, "client_connection_check_interval", "1000")
	connectTimeout := orDefault(cfg.ConnectTimeout, DefaultConnectTimeout)
	c, err := newConnector(withConnectTimeout(dsn, connectTimeout), connectTimeout)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(c), "postgres")
	db.SetMaxOpenConns(orDefault(cfg.MaxOpenConns, DefaultPoolConfig.MaxOpenConns))
	db.SetMaxIdleConns(orDefault(cfg.MaxIdleConns, DefaultPoolConfig.MaxIdleConns))
	db.SetConnMaxLifetime(orDefault(cfg.ConnMaxLifetime, DefaultPoolConfig.ConnMaxLifetime))
	db.SetConnMaxIdleTime(orDefault(cfg.ConnMaxIdleTime, DefaultPoolConfig.ConnMaxIdleTime))
	return db, nil
}

// withConnectTimeout gives lib/pq a connect_timeout (whole seconds, rounded up) unless the DSN
// has one: lib/pq then puts a deadline on the handshake itself, a second bound under the one
// conn keeps, and the only one on connections hubd does not pool (the event listener's).
func withConnectTimeout(dsn string, d time.Duration) string {
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	return withSetting(dsn, "connect_timeout", strconv.Itoa(int(math.Ceil(d.Seconds()))))
}

// withSetting adds a run-time parameter to a URL or a key=value connection string.
func withSetting(dsn, name, value string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set(name, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + name + "=" + value
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
