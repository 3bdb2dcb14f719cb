package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// MinSecretLength matches token.MinSecretLength: an HS256 key of fewer than 256 bits is refused
// at startup rather than at the first request.
const MinSecretLength = 32

// Validate reports every problem at once, so an operator fixes the file in one go.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if strings.TrimSpace(c.HTTP.Addr) == "" {
		bad("http.addr must not be empty")
	}
	if strings.TrimSpace(c.DataDir) == "" {
		bad("data_dir must not be empty")
	}
	if n := len(c.JWT.Secret); n > 0 && n < MinSecretLength {
		bad("jwt.secret (or %s) must be at least %d bytes, got %d", EnvJWTSecret, MinSecretLength, n)
	}
	if c.JWT.MaxLifetime <= 0 {
		bad("jwt.max_lifetime (or %s) must be a positive duration such as 720h, got %v", EnvJWTMaxLifetime, c.JWT.MaxLifetime)
	}
	d := c.Database
	if d.MaxOpenConns < 0 || d.MaxIdleConns < 0 || d.ConnMaxLifetime < 0 || d.ConnMaxIdleTime < 0 {
		bad("database pool sizes and durations must not be negative (0 takes the default)")
	}
	for i, u := range d.ReadURLs {
		if err := checkPostgresURL(u); err != nil {
			bad("database.read_urls[%d] (or %s): %v", i, EnvReadDatabaseURL, err)
		}
	}
	if len(d.ReadURLs) > 0 && d.URL == "" {
		bad("database.read_urls (or %s) needs database.url (or %s): replicas of the local PostgreSQL "+
			"are started with `hubd serve --replicas N`", EnvReadDatabaseURL, EnvDatabaseURL)
	}
	if d.ReadMaxLag <= 0 {
		bad("database.read_max_lag must be positive, got %v", d.ReadMaxLag)
	}
	if d.ReadWait <= 0 {
		bad("database.read_wait must be positive, got %v", d.ReadWait)
	}
	if c.HTTP.RequestTimeout <= 0 {
		bad("http.request_timeout must be positive, got %v", c.HTTP.RequestTimeout)
	}
	if c.HTTP.RateLimit < 0 || c.HTTP.RateBurst < 1 {
		bad("http.rate_limit (or %s) must be a number of requests a second, 0 or more (got %v), and http.rate_burst (or %s) at least 1 (got %d)",
			EnvRateLimit, c.HTTP.RateLimit, EnvRateBurst, c.HTTP.RateBurst)
	}
	if c.HTTP.AnonymousRateLimit < 0 || c.HTTP.AnonymousRateBurst < 1 {
		bad("http.anonymous_rate_limit (or %s) must be a number of requests a second, 0 or more (got %v), and http.anonymous_rate_burst (or %s) at least 1 (got %d)",
			EnvAnonymousRateLimit, c.HTTP.AnonymousRateLimit, EnvAnonymousRateBurst, c.HTTP.AnonymousRateBurst)
	}
	if c.HTTP.MaxStreams < 1 || c.HTTP.MaxStreamsPerCaller < 1 || c.HTTP.MaxStreamsPerCaller > c.HTTP.MaxStreams {
		bad("http.max_streams (or %s, got %d) and http.max_streams_per_caller (or %s, got %d) must be at least 1, and the second at most the first",
			EnvMaxStreams, c.HTTP.MaxStreams, EnvMaxStreamsPerCaller, c.HTTP.MaxStreamsPerCaller)
	}
	if c.Database.StatementTimeout <= 0 {
		bad("database.statement_timeout must be positive, got %v", c.Database.StatementTimeout)
	}
	if c.ShutdownTimeout <= 0 {
		bad("shutdown_timeout must be positive, got %v", c.ShutdownTimeout)
	}
	if _, err := c.Log.SlogLevel(); err != nil {
		bad("log.level: %v", err)
	}
	if err := c.Log.checkFormat(); err != nil {
		bad("log.format: %v", err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

// checkPostgresURL accepts what lib/pq reads as a URL rather than as key=value settings. Its
// errors never quote the URL, which may hold a password.
func checkPostgresURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("not a URL: %v", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" || u.Opaque != "" {
		return fmt.Errorf("must be a postgres:// or postgresql:// URL, got scheme %q", u.Scheme)
	}
	return nil
}
