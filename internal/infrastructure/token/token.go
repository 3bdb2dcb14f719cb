// Package token signs and verifies hubd's bearer tokens: JWTs signed with HS256 and a shared
// secret, carrying the caller's user id (sub), role and expiry (exp, required).
package token

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MinSecretLength is the shortest secret accepted: 256 bits, the size of an HS256 key.
const MinSecretLength = 32

// DefaultMaxLifetime is the longest a token may live (exp - iat) unless configured otherwise:
// a token is a bearer credential, and one that never expires cannot be taken back.
const DefaultMaxLifetime = 30 * 24 * time.Hour

// ClockSkew is how far in the future iat and nbf may lie, for clocks that disagree a little.
// exp gets no such allowance: a token is expired from the second its exp names.
const ClockSkew = time.Minute

// Claims are what a valid token says about its bearer. Checking that Role and Subject mean
// something is the caller's business; this package only vouches that they were signed.
type Claims struct {
	Subject   string
	Role      string
	ExpiresAt time.Time
}

// HS256 signs and verifies with one secret.
type HS256 struct {
	secret      []byte
	now         func() time.Time
	maxLifetime time.Duration
	verified    verifiedCache
}

// Option refines NewHS256.
type Option func(*HS256)

// WithMaxLifetime sets the longest lifetime Sign issues and Verify accepts; d <= 0 keeps
// DefaultMaxLifetime.
func WithMaxLifetime(d time.Duration) Option {
	return func(h *HS256) {
		if d > 0 {
			h.maxLifetime = d
		}
	}
}

// WithClock sets the time tokens are issued and checked at; tests pin it.
func WithClock(now func() time.Time) Option {
	return func(h *HS256) {
		if now != nil {
			h.now = now
		}
	}
}

// NewHS256 refuses secrets shorter than MinSecretLength.
func NewHS256(secret []byte, opts ...Option) (*HS256, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("token secret must be at least %d bytes, got %d", MinSecretLength, len(secret))
	}
	h := &HS256{secret: append([]byte(nil), secret...), now: time.Now, maxLifetime: DefaultMaxLifetime}
	for _, o := range opts {
		o(h)
	}
	return h, nil
}

// MaxLifetime is the longest lifetime h issues and accepts.
func (h *HS256) MaxLifetime() time.Duration { return h.maxLifetime }

type signedClaims struct {
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Sign issues a token for sub with role, valid for ttl: SignExpiring without the expiry.
func (h *HS256) Sign(sub, role string, ttl time.Duration) (string, error) {
	tok, _, err := h.SignExpiring(sub, role, ttl)
	return tok, err
}

// SignExpiring issues a token for sub with role, valid for ttl, and returns its expiry as the
// token's exp names it (to the second, in UTC): the ExpiresAt Verify will read from it, with no
// need to verify the token just signed to learn it. A ttl that is not positive or is above the
// maximum lifetime is refused (ErrLifetime): Verify would refuse the token anyway, and the
// issuer and the verifier share this one rule.
func (h *HS256) SignExpiring(sub, role string, ttl time.Duration) (string, time.Time, error) {
	if ttl <= 0 || ttl > h.maxLifetime {
		return "", time.Time{}, fmt.Errorf("%w: a lifetime of %v is not between 1s and the maximum of %v", ErrLifetime, ttl, h.maxLifetime)
	}
	now := h.now()
	exp := jwt.NewNumericDate(now.Add(ttl))
	claims := signedClaims{Role: role, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   sub,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: exp,
	}}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(h.secret)
	if err != nil {
		return "", time.Time{}, err
	}
	return tok, exp.UTC(), nil
}

// Verify accepts a token only when all of these hold, and otherwise returns an *Error that
// says which one failed:
//   - it is a JWS compact serialization in canonical base64url (WithStrictDecoding: no padding,
//     no stray trailing bits, so one signature has one spelling);
//   - its header names HS256 and nothing else (not "none", not an RS256 token whose public key
//     is tried as an HMAC secret) and has no crit: hubd understands no extension (RFC 7515
//     §4.1.11 makes an unknown one fatal);
//   - its HMAC verifies with the secret;
//   - exp is present, a JSON number and in the future; iat and nbf, when present, are numbers
//     no further than ClockSkew in the future; and the lifetime (exp - iat, or exp - now
//     without iat) is at most the maximum.
func (h *HS256) Verify(tokenString string) (Claims, error) {
	if claims, ok := h.verified.get(tokenString); ok {
		return h.accept(claims)
	}
	if err := checkCompact(tokenString); err != nil {
		return Claims{}, err
	}
	var claims jwtClaims
	_, err := jwt.ParseWithClaims(tokenString, &claims,
		func(t *jwt.Token) (any, error) {
			// Belt and braces with checkCompact and WithValidMethods: never hand the key to
			// another algorithm.
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok || t.Method.Alg() != "HS256" {
				return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
			}
			return h.secret, nil
		},
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithStrictDecoding(),
		// The time claims are checked below, with a clock skew for iat and nbf but none for exp,
		// which the library's single leeway cannot express.
		jwt.WithoutClaimsValidation(),
	)
	if err != nil {
		return Claims{}, classify(err)
	}
	h.verified.put(tokenString, claims)
	return h.accept(claims)
}

// accept applies the time rules to the claims of a token that verified, now or before.
func (h *HS256) accept(claims jwtClaims) (Claims, error) {
	if err := h.checkTimes(claims); err != nil {
		return Claims{}, err
	}
	return Claims{Subject: claims.Subject, Role: claims.Role, ExpiresAt: claims.ExpiresAt}, nil
}

// checkTimes applies the time rules to claims whose signature verified.
func (h *HS256) checkTimes(c jwtClaims) error {
	now := h.now()
	const layout = time.RFC3339
	switch {
	case c.ExpiresAt.IsZero():
		return newError(ErrMalformed, "the token has no exp claim", nil)
	case !now.Before(c.ExpiresAt):
		return newError(ErrExpired, "the token expired at "+c.ExpiresAt.UTC().Format(layout), nil)
	case !c.IssuedAt.IsZero() && c.IssuedAt.After(now.Add(ClockSkew)):
		return newError(ErrNotYetValid, "the token was issued in the future (iat "+c.IssuedAt.UTC().Format(layout)+"); check the issuer's clock", nil)
	case !c.NotBefore.IsZero() && c.NotBefore.After(now.Add(ClockSkew)):
		return newError(ErrNotYetValid, "the token is not valid before "+c.NotBefore.UTC().Format(layout), nil)
	case !c.IssuedAt.IsZero() && !c.ExpiresAt.After(c.IssuedAt):
		return newError(ErrMalformed, "the token expires before it was issued", nil)
	}
	start := now
	if !c.IssuedAt.IsZero() {
		start = c.IssuedAt
	}
	if life := c.ExpiresAt.Sub(start); life > h.maxLifetime {
		return newError(ErrLifetime, fmt.Sprintf("the token's lifetime of %v is above this server's maximum of %v", life, h.maxLifetime), nil)
	}
	return nil
}
