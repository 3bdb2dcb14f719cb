package token

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
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
	h, err := jsonObject(b)
	switch {
	case errors.Is(err, errRepeatedName):
		return newError(ErrMalformed, "the token's header names a parameter more than once", err)
	case err != nil:
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

// jwtClaims are the claims Verify reads. Its own UnmarshalJSON matches claim names exactly and
// refuses time claims that are not JSON numbers: encoding/json matches struct fields ignoring
// case (so "EXP" would stand for exp, and a later "ROLE" replace role), and golang-jwt's
// NumericDate reads "exp":"9999999999" as a number.
type jwtClaims struct {
	Subject   string
	Role      string
	ExpiresAt time.Time // zero: absent
	IssuedAt  time.Time
	NotBefore time.Time
}

// UnmarshalJSON implements json.Unmarshaler. Claim names are case-sensitive (RFC 7519 §4), so
// only the exact names count; a name given twice is refused, not read as its last value (which
// RFC 7519 §4 allows a parser to do), so one token cannot mean two things to two parsers.
func (c *jwtClaims) UnmarshalJSON(b []byte) error {
	claims, err := jsonObject(b)
	var repeated *repeatedNameError
	switch {
	case errors.As(err, &repeated) && isKnownClaim(repeated.name):
		return newError(ErrMalformed, "the token's claims name "+repeated.name+" more than once", err)
	case errors.As(err, &repeated):
		return newError(ErrMalformed, "the token's claims name a claim more than once", err)
	case err != nil:
		return newError(ErrMalformed, "the token's claims are not a JSON object", err)
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"sub", &c.Subject}, {"role", &c.Role}} {
		if raw, ok := claims[f.name]; ok {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return newError(ErrMalformed, "the token's "+f.name+" claim is not a string", err)
			}
		}
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"exp", &c.ExpiresAt}, {"iat", &c.IssuedAt}, {"nbf", &c.NotBefore}} {
		t, err := numericDate(claims[f.name])
		if err != nil {
			return newError(ErrMalformed, "the token's "+f.name+" claim is not a NumericDate (a number of seconds since 1970)", err)
		}
		*f.dst = t
	}
	return nil
}

func isKnownClaim(name string) bool {
	switch name {
	case "sub", "role", "exp", "iat", "nbf":
		return true
	}
	return false
}

// errRepeatedName is matched by a *repeatedNameError.
var errRepeatedName = errors.New("a member name is repeated")

// repeatedNameError is a JSON object that gives a member name twice.
type repeatedNameError struct{ name string }

func (e *repeatedNameError) Error() string {
	return "the member name " + strconv.Quote(e.name) + " is repeated"
}
func (e *repeatedNameError) Is(target error) bool { return target == errRepeatedName }

// jsonObject reads one JSON object, and nothing after it, into its members by their exact names.
// A name given twice is a *repeatedNameError (json.Unmarshal into a map would keep the last).
func jsonObject(b []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.Join(errors.New("not a JSON object"), err)
	}
	members := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string) // inside an object, the decoder yields only string names here
		if _, seen := members[name]; seen {
			return nil, &repeatedNameError{name: name}
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		members[name] = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON object")
	}
	return members, nil
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
