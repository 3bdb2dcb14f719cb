package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/infrastructure/token"
)

// TestTokenRefusesATTLAboveTheMaximum: `hubd token` issues no token that `hubd serve` would
// refuse for its lifetime; both read jwt.max_lifetime.
func TestTokenRefusesATTLAboveTheMaximum(t *testing.T) {
	isolate(t)
	secret := strings.Repeat("m", 40)
	t.Setenv(config.EnvDataDir, t.TempDir())
	t.Setenv(config.EnvJWTSecret, secret)
	t.Setenv(config.EnvJWTMaxLifetime, "")
	for _, c := range []struct {
		max, ttl string
		ok       bool
	}{
		{"", "721h", false}, {"", "720h", true}, {"2h", "3h", false}, {"2h", "2h", true},
	} {
		t.Setenv(config.EnvJWTMaxLifetime, c.max)
		code, stdout, stderr := runCLI("token", "--role", "MASTER", "--sub", uuid.NewString(), "--ttl", c.ttl)
		switch {
		case c.ok && code != exitOK:
			t.Errorf("max %q, --ttl %s: %d, stderr %q; want a token", c.max, c.ttl, code, stderr)
		case !c.ok && (code == exitOK || stdout != "" || !strings.Contains(stderr, "maximum")):
			t.Errorf("max %q, --ttl %s: %d, stdout %q, stderr %q; want a refusal naming the maximum", c.max, c.ttl, code, stdout, stderr)
		}
	}
}

// TestTokenOptionsCarryTheConfiguredMaximum: serve and token build their HS256 with
// tokenOptions, so both apply jwt.max_lifetime.
func TestTokenOptionsCarryTheConfiguredMaximum(t *testing.T) {
	cfg := config.Default()
	cfg.JWT.MaxLifetime = 90 * time.Minute
	tokens, err := token.NewHS256([]byte(strings.Repeat("m", 40)), tokenOptions(cfg)...)
	if err != nil {
		t.Fatal(err)
	}
	if tokens.MaxLifetime() != 90*time.Minute {
		t.Errorf("MaxLifetime = %v, want the configured 1h30m", tokens.MaxLifetime())
	}
}
