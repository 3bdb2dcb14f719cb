package token

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hubd/hubd/internal/infrastructure/token/tokentest"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

func TestSignVerifyRoundTrip(t *testing.T) {
	h, err := NewHS256(secret)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := h.Sign("3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b", "MASTER", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.Verify(tok)
	if err != nil || c.Role != "MASTER" || c.Subject != "3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b" || time.Until(c.ExpiresAt) < 59*time.Minute {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestShortSecretRefused(t *testing.T) {
	if _, err := NewHS256(secret[:31]); err == nil {
		t.Error("31-byte secret accepted")
	}
}

func TestVerifyRefuses(t *testing.T) {
	h, _ := NewHS256(secret)
	other, _ := NewHS256([]byte(strings.Repeat("x", 32)))
	rsaKey := tokentest.RSAKey(t)
	future := time.Now().Add(time.Hour).Unix()
	good := jwt.MapClaims{"sub": "u", "role": "MASTER", "exp": future}
	otherSigned, _ := other.Sign("u", "MASTER", time.Hour)
	validParts := strings.Split(tokentest.Sign(t, jwt.SigningMethodHS256, secret, good), ".")
	tampered := validParts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u","role":"MASTER","exp":9999999999,"x":1}`)) + "." + validParts[2]
	cases := map[string]string{
		"expired":         tokentest.Sign(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "u", "role": "MASTER", "exp": time.Now().Add(-time.Minute).Unix()}),
		"no exp":          tokentest.Sign(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "u", "role": "MASTER"}),
		"wrong secret":    otherSigned,
		"alg none":        tokentest.Sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good),
		"RS256":           tokentest.Sign(t, jwt.SigningMethodRS256, rsaKey, good),
		"HS512":           tokentest.Sign(t, jwt.SigningMethodHS512, secret, good),
		"tampered claims": tampered,
		"garbage":         "not.a.token",
		"empty":           "",
	}
	for name, tok := range cases {
		if _, err := h.Verify(tok); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

// TestVerifyMatchesClaimNamesExactly: claim names are case-sensitive (RFC 7519 §4), so "EXP" is
// not exp and "ROLE" does not override role; and a claim or header name given twice is refused
// rather than read as its last value. Before, the claims were decoded with encoding/json's
// case-insensitive field matching: "EXP" alone stood for exp, and a later "Exp" or "ROLE"
// replaced the real claim (a CUSTOMER token with "ROLE":"MASTER" beside it read as MASTER).
func TestVerifyMatchesClaimNamesExactly(t *testing.T) {
	h, _ := NewHS256(secret, WithClock(func() time.Time { return testNow }))
	const hdr = `{"alg":"HS256","typ":"JWT"}`
	now := testNow.Unix()
	later, past := fmt.Sprint(now+3600), fmt.Sprint(now-10)
	const sub = `"sub":"3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b"`
	for name, c := range map[string]struct {
		header, claims string
		kind           error
		says           string
	}{
		"EXP without exp":      {hdr, `{` + sub + `,"role":"MASTER","EXP":` + later + `}`, ErrMalformed, "no exp claim"},
		"Exp after an old exp": {hdr, `{` + sub + `,"role":"MASTER","exp":` + past + `,"Exp":` + later + `}`, ErrExpired, "expired"},
		"exp twice":            {hdr, `{` + sub + `,"role":"MASTER","exp":` + past + `,"exp":` + later + `}`, ErrMalformed, "name exp more than once"},
		"role twice":           {hdr, `{` + sub + `,"role":"CUSTOMER","exp":` + later + `,"role":"MASTER"}`, ErrMalformed, "name role more than once"},
		"unknown claim twice":  {hdr, `{` + sub + `,"role":"MASTER","exp":` + later + `,"x":1,"x":2}`, ErrMalformed, "name a claim more than once"},
		"alg twice":            {`{"alg":"none","alg":"HS256"}`, `{` + sub + `,"role":"MASTER","exp":` + later + `}`, ErrMalformed, "header names a parameter more than once"},
	} {
		_, err := h.Verify(tokentest.Forge(secret, c.header, c.claims))
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, c.kind) || !strings.Contains(e.Description(), c.says) {
			t.Errorf("%s: %v, want %v saying %q", name, err, c.kind, c.says)
		}
	}
	for name, c := range map[string]struct {
		claims, role, sub string
	}{
		"ROLE beside role": {`{` + sub + `,"role":"CUSTOMER","exp":` + later + `,"ROLE":"MASTER"}`, "CUSTOMER", "3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b"},
		"Sub beside sub":   {`{` + sub + `,"role":"CUSTOMER","exp":` + later + `,"Sub":"someone else"}`, "CUSTOMER", "3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b"},
		"only Role":        {`{` + sub + `,"Role":"MASTER","exp":` + later + `}`, "", "3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b"},
	} {
		got, err := h.Verify(tokentest.Forge(secret, hdr, c.claims))
		if err != nil || got.Role != c.role || got.Subject != c.sub {
			t.Errorf("%s: %+v %v, want role %q sub %q", name, got, err, c.role, c.sub)
		}
	}
}

// SignExpiring returns the expiry the token names: the signer's clock plus the lifetime, to the
// second, in UTC, equal to what Verify reads from the token.
func TestSignExpiringReturnsTheTokensExpiry(t *testing.T) {
	now := time.Date(2026, 12, 2, 5, 6, 7, 890_000_000, time.FixedZone("KST", 9*3600))
	h, err := NewHS256(secret, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	tok, exp, err := h.SignExpiring("u", "MASTER", 90*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 1, 21, 36, 7, 0, time.UTC)
	if !exp.Equal(want) || exp.Location() != time.UTC {
		t.Errorf("expiry %v, want %v in UTC", exp, want)
	}
	c, err := h.Verify(tok)
	if err != nil || !c.ExpiresAt.Equal(exp) {
		t.Errorf("the token says %v (%v), SignExpiring %v", c.ExpiresAt, err, exp)
	}
	if _, _, err := h.SignExpiring("u", "MASTER", DefaultMaxLifetime+time.Second); !errors.Is(err, ErrLifetime) {
		t.Errorf("past the maximum lifetime: %v", err)
	}
}
