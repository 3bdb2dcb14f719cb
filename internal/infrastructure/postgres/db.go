package postgres

import (
	"context"
	"fmt"
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

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
