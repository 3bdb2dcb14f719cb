package postgres

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" database/sql driver
)

// PoolConfig bounds the connection pool. Zero values take the defaults of DefaultPoolConfig.
type PoolConfig struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	ConnMaxIdleTime time.Duration
	// StatementTimeout, when set, is PostgreSQL's statement_timeout for every connection.
	StatementTimeout time.Duration
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
func OpenLazy(dsn string, cfg PoolConfig) (*sqlx.DB, error) {
	if cfg.StatementTimeout > 0 {
		// lib/pq sends parameters it does not know as run-time settings at connection start.
		dsn = withSetting(dsn, "statement_timeout", strconv.FormatInt(cfg.StatementTimeout.Milliseconds(), 10))
	}
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(orDefault(cfg.MaxOpenConns, DefaultPoolConfig.MaxOpenConns))
	db.SetMaxIdleConns(orDefault(cfg.MaxIdleConns, DefaultPoolConfig.MaxIdleConns))
	db.SetConnMaxLifetime(orDefault(cfg.ConnMaxLifetime, DefaultPoolConfig.ConnMaxLifetime))
	db.SetConnMaxIdleTime(orDefault(cfg.ConnMaxIdleTime, DefaultPoolConfig.ConnMaxIdleTime))
	return db, nil
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
