package token

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MaxLength bounds a token: hubd's are about 200 bytes, and a header of megabytes should cost
// no decoding.
const MaxLength = 4096

var strictBase64URL = base64.RawURLEncoding.Strict()

// checkCompact refuses, before any cryptography, what can be told from the token's form and
// header alone, each with its own description: the wrong shape or alphabet, a header that is not
// JSON, an algorithm other than HS256, a crit header, a signature that is not the canonical
// base64url of 32 bytes. (Go's base64 decoder skips CR and LF even when strict, so the alphabet
// is checked first.)
func checkCompact(tok string) error {
	switch {
	case tok == "":
		return newError(ErrMalformed, "the token is empty", nil)
	case len(tok) > MaxLength:
		return newError(ErrMalformed, "the token is longer than "+strconv.Itoa(MaxLength)+" bytes", nil)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return newError(ErrMalformed, "the token is not a JWS compact serialization (three base64url parts separated by dots)", nil)
	}
	for _, p := range parts {
		if strings.IndexFunc(p, notBase64URL) >= 0 {
			return newError(ErrMalformed, "the token holds characters outside base64url", nil)
		}
	}
	header, err := strictBase64URL.DecodeString(parts[0])
	if err != nil {
		return newError(ErrMalformed, "the token's header is not canonical base64url", err)
	}
	if err := checkHeader(header); err != nil {
		return err
	}
	sig, err := strictBase64URL.DecodeString(parts[2])
	if err != nil {
		return newError(ErrSignature, "the token's signature is not canonical base64url", err)
	}
	if len(sig) != sha256.Size {
		return newError(ErrSignature, descriptionSignature, errors.New("the signature is not 32 bytes"))
	}
	return nil
}

func notBase64URL(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
}

// checkHeader reads the JOSE header. Any crit is refused, even an empty or malformed one: hubd
// understands no extension, and RFC 7515 §4.1.11 says a recipient that does not understand a
// listed one must reject the token (an empty or ill-formed list is invalid in itself).
func checkHeader(b []byte) error {
	var h map[string]json.RawMessage
	if err := json.Unmarshal(b, &h); err != nil || h == nil {
		return newError(ErrMalformed, "the token's header is not a JSON object", err)
	}
	if crit, ok := h["crit"]; ok {
		var names []string
		if err := json.Unmarshal(crit, &names); err != nil || len(names) == 0 {
			return newError(ErrUnsupported, "the token's crit header is malformed (RFC 7515 4.1.11)", err)
		}
		return newError(ErrUnsupported, "the token's crit header lists extensions this server does not understand", nil)
	}
	var alg string
	if err := json.Unmarshal(h["alg"], &alg); err != nil || alg != "HS256" {
		return newError(ErrUnsupported, "the token's algorithm (alg) is not HS256, the only one this server accepts", err)
	}
	return nil
}

// jwtClaims are the claims Verify reads. Its own UnmarshalJSON refuses time claims that are not
// JSON numbers: golang-jwt's NumericDate reads "exp":"9999999999" as a number.
type jwtClaims struct {
	Subject   string
	Role      string
	ExpiresAt time.Time // zero: absent
	IssuedAt  time.Time
	NotBefore time.Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (c *jwtClaims) UnmarshalJSON(b []byte) error {
	var raw struct {
		Sub  string          `json:"sub"`
		Role string          `json:"role"`
		Exp  json.RawMessage `json:"exp"`
		Iat  json.RawMessage `json:"iat"`
		Nbf  json.RawMessage `json:"nbf"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && (typeErr.Field == "sub" || typeErr.Field == "role") {
			return newError(ErrMalformed, "the token's "+typeErr.Field+" claim is not a string", err)
		}
		return newError(ErrMalformed, "the token's claims are not a JSON object", err)
	}
	c.Subject, c.Role = raw.Sub, raw.Role
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *time.Time
	}{{"exp", raw.Exp, &c.ExpiresAt}, {"iat", raw.Iat, &c.IssuedAt}, {"nbf", raw.Nbf, &c.NotBefore}} {
		t, err := numericDate(f.raw)
		if err != nil {
			return newError(ErrMalformed, "the token's "+f.name+" claim is not a NumericDate (a number of seconds since 1970)", err)
		}
		*f.dst = t
	}
	return nil
}

// latestNumericDate is 9999-12-31T23:59:59Z: later times are no date a token means.
const latestNumericDate = 253402300799

// numericDate reads an RFC 7519 NumericDate: a JSON number (not a string holding one) of
// seconds from 1970, fractions allowed. Absent or null is the zero time.
func numericDate(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return time.Time{}, errors.New("not a JSON number")
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f < 0 || f > latestNumericDate {
		return time.Time{}, errors.New("out of range")
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}

// The jwt.Claims methods. Verify checks the times itself (checkTimes), so the library only needs
// the type to satisfy its interface.

func (c *jwtClaims) GetExpirationTime() (*jwt.NumericDate, error) { return dateOf(c.ExpiresAt), nil }
func (c *jwtClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return dateOf(c.IssuedAt), nil }
func (c *jwtClaims) GetNotBefore() (*jwt.NumericDate, error)      { return dateOf(c.NotBefore), nil }
func (c *jwtClaims) GetIssuer() (string, error)                   { return "", nil }
func (c *jwtClaims) GetSubject() (string, error)                  { return c.Subject, nil }
func (c *jwtClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

func dateOf(t time.Time) *jwt.NumericDate {
	if t.IsZero() {
		return nil
	}
	return jwt.NewNumericDate(t)
}
