package config

import (
	"errors"
	"fmt"
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
	d := c.Database
	if d.MaxOpenConns < 0 || d.MaxIdleConns < 0 || d.ConnMaxLifetime < 0 || d.ConnMaxIdleTime < 0 {
		bad("database pool sizes and durations must not be negative (0 takes the default)")
	}
	if c.ShutdownTimeout <= 0 {
		bad("shutdown_timeout must be positive, got %v", c.ShutdownTimeout)
	}
	if _, err := c.Log.SlogLevel(); err != nil {
		bad("log.level: %v", err)
	}
	if f := c.Log.Format; f != "json" && f != "text" {
		bad("log.format must be json or text, got %q", f)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}
