// Package token signs and verifies hubd's bearer tokens: JWTs signed with HS256 and a shared
// secret, carrying the caller's user id (sub), role and expiry (exp, required).
package token

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MinSecretLength is the shortest secret accepted: 256 bits, the size of an HS256 key.
const MinSecretLength = 32

// ErrInvalid is matched by every verification failure; the wrapped cause is for logs only.
var ErrInvalid = errors.New("invalid token")

// Claims are what a valid token says about its bearer. Checking that Role and Subject mean
// something is the caller's business; this package only vouches that they were signed.
type Claims struct {
	Subject   string
	Role      string
	ExpiresAt time.Time
}

// HS256 signs and verifies with one secret.
type HS256 struct {
	secret []byte
	now    func() time.Time
}

// NewHS256 refuses secrets shorter than MinSecretLength.
func NewHS256(secret []byte) (*HS256, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("token secret must be at least %d bytes, got %d", MinSecretLength, len(secret))
	}
	return &HS256{secret: append([]byte(nil), secret...), now: time.Now}, nil
}

type jwtClaims struct {
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Sign issues a token for sub with role, valid for ttl.
func (h *HS256) Sign(sub, role string, ttl time.Duration) (string, error) {
	now := h.now()
	claims := jwtClaims{Role: role, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   sub,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(h.secret)
}

// Verify checks the signature, that the algorithm is HS256 and nothing else (not "none", not an
// RS256 token whose public key is tried as an HMAC secret), and that exp is present and future.
func (h *HS256) Verify(tokenString string) (Claims, error) {
	var claims jwtClaims
	_, err := jwt.ParseWithClaims(tokenString, &claims,
		func(t *jwt.Token) (any, error) {
			// Belt and braces with WithValidMethods: never hand the key to another algorithm.
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok || t.Method.Alg() != "HS256" {
				return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
			}
			return h.secret, nil
		},
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(h.now),
	)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return Claims{Subject: claims.Subject, Role: claims.Role, ExpiresAt: claims.ExpiresAt.Time}, nil
}
