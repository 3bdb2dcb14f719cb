package token

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/token/tokentest"
)

var testNow = time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)

func TestVerifyRefusesLenientTokens(t *testing.T) {
	h, err := NewHS256(secret, WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	const hdr = `{"alg":"HS256","typ":"JWT"}`
	now := testNow.Unix()
	claims := func(extra string) string {
		return `{"sub":"3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b","role":"MASTER"` + extra + `}`
	}
	exp := fmt.Sprintf(`,"exp":%d`, now+3600)
	good := tokentest.Forge(secret, hdr, claims(exp))
	if _, err := h.Verify(good); err != nil {
		t.Fatalf("the well-formed token is refused: %v", err)
	}
	day := int64(24 * 3600)
	cases := []struct {
		name, tok string
		kind      error
		says      string
	}{
		{"crit naming an extension", tokentest.Forge(secret, `{"alg":"HS256","crit":["exp"],"exp":1}`, claims(exp)), ErrUnsupported, "crit header lists extensions"},
		{"crit empty", tokentest.Forge(secret, `{"alg":"HS256","crit":[]}`, claims(exp)), ErrUnsupported, "crit header is malformed"},
		{"crit not a list", tokentest.Forge(secret, `{"alg":"HS256","crit":"b64"}`, claims(exp)), ErrUnsupported, "crit header is malformed"},
		{"crit null", tokentest.Forge(secret, `{"alg":"HS256","crit":null}`, claims(exp)), ErrUnsupported, "crit header is malformed"},
		{"exp a string", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"exp":"%d"`, now+3600))), ErrMalformed, "exp claim is not a NumericDate"},
		{"exp true", tokentest.Forge(secret, hdr, claims(`,"exp":true`)), ErrMalformed, "exp claim is not a NumericDate"},
		{"exp huge", tokentest.Forge(secret, hdr, claims(`,"exp":1e300`)), ErrMalformed, "exp claim is not a NumericDate"},
		{"iat a string", tokentest.Forge(secret, hdr, claims(exp+fmt.Sprintf(`,"iat":"%d"`, now))), ErrMalformed, "iat claim is not a NumericDate"},
		{"nbf a string", tokentest.Forge(secret, hdr, claims(exp+fmt.Sprintf(`,"nbf":"%d"`, now))), ErrMalformed, "nbf claim is not a NumericDate"},
		{"no exp", tokentest.Forge(secret, hdr, claims(``)), ErrMalformed, "no exp claim"},
		{"exp null", tokentest.Forge(secret, hdr, claims(`,"exp":null`)), ErrMalformed, "no exp claim"},
		{"sub a number", tokentest.Forge(secret, hdr, `{"sub":42,"role":"MASTER"`+exp+`}`), ErrMalformed, "sub claim is not a string"},
		{"claims an array", tokentest.Forge(secret, hdr, `[1]`), ErrMalformed, "claims are not a JSON object"},
		{"expired", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"exp":%d`, now-1))), ErrExpired, "the token expired at 2026-11-21T04:59:59Z"},
		{"expires now", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"exp":%d`, now))), ErrExpired, "expired at 2026-11-21T05:00:00Z"},
		{"iat in the future", tokentest.Forge(secret, hdr, claims(exp+fmt.Sprintf(`,"iat":%d`, now+61))), ErrNotYetValid, "issued in the future"},
		{"nbf in the future", tokentest.Forge(secret, hdr, claims(exp+fmt.Sprintf(`,"nbf":%d`, now+120))), ErrNotYetValid, "not valid before 2026-11-21T05:02:00Z"},
		{"exp before iat", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"exp":%d,"iat":%d`, now+10, now+30))), ErrMalformed, "expires before it was issued"},
		{"lifetime 31 days from iat", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"iat":%d,"exp":%d`, now, now+31*day))), ErrLifetime, "above this server's maximum of 720h0m0s"},
		{"lifetime 31 days without iat", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"exp":%d`, now+31*day))), ErrLifetime, "lifetime"},
		{"issued long ago", tokentest.Forge(secret, hdr, claims(fmt.Sprintf(`,"iat":%d,"exp":%d`, now-40*day, now+3600))), ErrLifetime, "lifetime"},
		{"non-canonical signature", tokentest.RespellSignature(t, good), ErrSignature, "signature is not canonical base64url"},
		{"wrong secret", tokentest.Forge([]byte(strings.Repeat("x", 32)), hdr, claims(exp)), ErrSignature, "signature does not verify: was it signed with this server's secret?"},
		{"short signature", good[:len(good)-3], ErrSignature, "signature does not verify"},
		{"alg none", tokentest.Forge(secret, `{"alg":"none"}`, claims(exp)), ErrUnsupported, "not HS256"},
		{"alg HS512", tokentest.Forge(secret, `{"alg":"HS512"}`, claims(exp)), ErrUnsupported, "not HS256"},
		{"no alg", tokentest.Forge(secret, `{"typ":"JWT"}`, claims(exp)), ErrUnsupported, "not HS256"},
		{"header not JSON", tokentest.Forge(secret, `{"alg":`, claims(exp)), ErrMalformed, "header is not a JSON object"},
		{"padded", good + "=", ErrMalformed, "outside base64url"},
		{"line break", good[:10] + "\n" + good[10:], ErrMalformed, "outside base64url"},
		{"two parts", "abc.def", ErrMalformed, "not a JWS compact serialization"},
		{"empty", "", ErrMalformed, "empty"},
		{"too long", tokentest.Forge(secret, hdr, claims(exp+`,"x":"`+strings.Repeat("a", MaxLength)+`"`)), ErrMalformed, "longer than 4096 bytes"},
	}
	for _, c := range cases {
		_, err := h.Verify(c.tok)
		var e *Error
		switch {
		case !errors.As(err, &e) || !errors.Is(err, ErrInvalid):
			t.Errorf("%s: err = %v, want an *Error matching ErrInvalid", c.name, err)
		case !errors.Is(err, c.kind):
			t.Errorf("%s: err = %v, want kind %v", c.name, err, c.kind)
		case !strings.Contains(e.Description(), c.says):
			t.Errorf("%s: description %q, want it to say %q", c.name, e.Description(), c.says)
		case strings.ContainsAny(e.Description(), "\"\\"):
			t.Errorf("%s: description %q cannot be an RFC 6750 error_description", c.name, e.Description())
		}
	}
}

func TestVerifyAcceptsWithinTheRules(t *testing.T) {
	h, _ := NewHS256(secret, WithClock(func() time.Time { return testNow }))
	now := testNow.Unix()
	for name, claims := range map[string]string{
		"iat within the clock skew": fmt.Sprintf(`"iat":%d,"exp":%d`, now+60, now+3600),
		"nbf within the clock skew": fmt.Sprintf(`"nbf":%d,"exp":%d`, now+60, now+3600),
		"exactly the maximum":       fmt.Sprintf(`"iat":%d,"exp":%d`, now, now+int64(DefaultMaxLifetime/time.Second)),
		"fractional exp":            fmt.Sprintf(`"exp":%d.5`, now+10),
	} {
		tok := tokentest.Forge(secret, `{"alg":"HS256","typ":"JWT"}`, `{"sub":"u","role":"MASTER",`+claims+`}`)
		if _, err := h.Verify(tok); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}

func TestSignRefusesLifetimesVerifyWouldRefuse(t *testing.T) {
	h, _ := NewHS256(secret, WithClock(func() time.Time { return testNow }))
	if _, err := h.Sign("u", "MASTER", DefaultMaxLifetime+time.Second); !errors.Is(err, ErrLifetime) {
		t.Errorf("ttl above the default maximum: err = %v, want ErrLifetime", err)
	}
	if _, err := h.Sign("u", "MASTER", 0); !errors.Is(err, ErrLifetime) {
		t.Errorf("ttl 0: err = %v, want ErrLifetime", err)
	}
	tok, err := h.Sign("u", "MASTER", DefaultMaxLifetime)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Verify(tok); err != nil {
		t.Errorf("a token of exactly the maximum lifetime is refused: %v", err)
	}
	short, _ := NewHS256(secret, WithMaxLifetime(2*time.Hour), WithClock(func() time.Time { return testNow }))
	if _, err := short.Sign("u", "MASTER", 3*time.Hour); !errors.Is(err, ErrLifetime) {
		t.Errorf("ttl above a configured 2h maximum: err = %v", err)
	}
	if _, err := short.Verify(tok); !errors.Is(err, ErrLifetime) {
		t.Errorf("a 30-day token against a 2h maximum: err = %v, want ErrLifetime", err)
	}
}
