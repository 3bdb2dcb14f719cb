// Package config is hubd's configuration: built-in defaults, overridden by a YAML file
// (configs/hubd.yaml), overridden by HUBD_* environment variables. It also owns the data
// directory's layout outside the database: the development JWT secret kept there.
package config

import "time"

// Config is everything hubd can be told. The YAML keys are the snake_case names in the tags.
type Config struct {
	HTTP     HTTP     `yaml:"http"`
	Database Database `yaml:"database"`
	// DataDir holds the local PostgreSQL cluster (DataDir/postgres) and the dev JWT secret
	// (DataDir/jwt-secret).
	DataDir string `yaml:"data_dir"`
	JWT     JWT    `yaml:"jwt"`
	Log     Log    `yaml:"log"`
	// ShutdownTimeout bounds each step of a stop: draining HTTP requests, then stopping the
	// local PostgreSQL.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
}

// HTTP configures the listener.
type HTTP struct {
	// Addr is the listen address: ":8080" is every interface, "127.0.0.1:0" a free loopback port.
	Addr string `yaml:"addr"`
	// RequestTimeout bounds every API request (event streams excepted): past it the request's
	// queries are canceled and the answer is 503.
	RequestTimeout time.Duration `yaml:"request_timeout"`
	// RateLimit is how many requests a second one verified caller (by token sub) may make on
	// average, RateBurst how many at once; a RateLimit of 0 sets no limit. The defaults are
	// far above what any legitimate client (a test suite, a service walking pages) sends.
	RateLimit float64 `yaml:"rate_limit"`
	RateBurst int     `yaml:"rate_burst"`
	// AnonymousRateLimit and AnonymousRateBurst are the same for requests without a valid
	// token, by client address: all they can get is a 401, so they get less.
	AnonymousRateLimit float64 `yaml:"anonymous_rate_limit"`
	AnonymousRateBurst int     `yaml:"anonymous_rate_burst"`
	// MaxStreams caps the event streams open at once (past it, 503), MaxStreamsPerCaller
	// those of one token sub (past it, 429): each stream holds a connection and two goroutines.
	MaxStreams          int `yaml:"max_streams"`
	MaxStreamsPerCaller int `yaml:"max_streams_per_caller"`
}

// Database says which PostgreSQL to use and how big a pool to keep.
type Database struct {
	// URL is a lib/pq URL; empty means the local PostgreSQL hubd runs in DataDir.
	URL             string        `yaml:"url"`
	MaxOpenConns    int           `yaml:"max_open_conns"`
	MaxIdleConns    int           `yaml:"max_idle_conns"`
	ConnMaxLifetime time.Duration `yaml:"conn_max_lifetime"`
	ConnMaxIdleTime time.Duration `yaml:"conn_max_idle_time"`
	// StatementTimeout is PostgreSQL's statement_timeout for hubd's connections: the server
	// itself stops a statement that runs longer, whatever the client does.
	StatementTimeout time.Duration `yaml:"statement_timeout"`
	// ReadURLs are streaming replicas of URL that queries are served from; commands always go
	// to URL. None: queries read URL too. They need URL: the local PostgreSQL's replicas are
	// started by `hubd serve --replicas N` instead.
	ReadURLs []string `yaml:"read_urls"`
	// ReadMaxLag is how far a replica may trail the primary and still serve queries; one further
	// behind (or down) is skipped.
	ReadMaxLag time.Duration `yaml:"read_max_lag"`
	// ReadWait is how long a query carrying a consistency token may wait for a replica to replay
	// the token's position before it is served by the primary instead.
	ReadWait time.Duration `yaml:"read_wait"`
}

// JWT configures bearer tokens.
type JWT struct {
	// Secret is the HS256 key, at least 32 bytes; empty means the dev secret in DataDir.
	Secret Secret `yaml:"secret"`
	// MaxLifetime is the longest a token may be valid (exp - iat): serve refuses longer-lived
	// tokens and `hubd token --ttl` refuses to issue them.
	MaxLifetime time.Duration `yaml:"max_lifetime"`
}

// Log configures the structured log on stderr.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn or error
	Format string `yaml:"format"` // auto (text on a terminal, else json), json or text
}

// Default is the configuration with no file and no environment. configs/hubd.yaml spells out
// the same values, and a test keeps the two equal.
func Default() Config {
	return Config{
		HTTP: HTTP{Addr: ":8080", RequestTimeout: 5 * time.Second, RateLimit: 1000, RateBurst: 2000,
			AnonymousRateLimit: 100, AnonymousRateBurst: 200, MaxStreams: 1000, MaxStreamsPerCaller: 20},
		Database: Database{
			StatementTimeout: 4 * time.Second,
			MaxOpenConns:     20,
			MaxIdleConns:     20,
			ConnMaxLifetime:  30 * time.Minute,
			ConnMaxIdleTime:  5 * time.Minute,
			ReadMaxLag:       5 * time.Second,
			ReadWait:         500 * time.Millisecond,
		},
		DataDir:         "./.hubd",
		JWT:             JWT{MaxLifetime: 30 * 24 * time.Hour},
		Log:             Log{Level: "info", Format: LogFormatAuto},
		ShutdownTimeout: 15 * time.Second,
	}
}
