package token

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
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
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(m jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(m, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	future := time.Now().Add(time.Hour).Unix()
	good := jwt.MapClaims{"sub": "u", "role": "MASTER", "exp": future}
	otherSigned, _ := other.Sign("u", "MASTER", time.Hour)
	validParts := strings.Split(sign(jwt.SigningMethodHS256, secret, good), ".")
	tampered := validParts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u","role":"MASTER","exp":9999999999,"x":1}`)) + "." + validParts[2]
	cases := map[string]string{
		"expired":         sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "u", "role": "MASTER", "exp": time.Now().Add(-time.Minute).Unix()}),
		"no exp":          sign(jwt.SigningMethodHS256, secret, jwt.MapClaims{"sub": "u", "role": "MASTER"}),
		"wrong secret":    otherSigned,
		"alg none":        sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good),
		"RS256":           sign(jwt.SigningMethodRS256, rsaKey, good),
		"HS512":           sign(jwt.SigningMethodHS512, secret, good),
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
