package token

import (
	"errors"

	"github.com/golang-jwt/jwt/v5"
)

// ErrInvalid is matched by every verification failure.
var ErrInvalid = errors.New("invalid token")

// The kinds of failure; every *Error matches exactly one of them (and ErrInvalid).
var (
	// ErrMalformed: not a JWS compact serialization, bad base64url or JSON, a claim of the wrong
	// type (an exp that is a string), or a missing exp.
	ErrMalformed = errors.New("malformed token")
	// ErrUnsupported: an algorithm other than HS256, or a crit header.
	ErrUnsupported = errors.New("unsupported token")
	// ErrSignature: the signature does not verify with the secret, or is not canonical.
	ErrSignature = errors.New("token signature does not verify")
	// ErrExpired: exp has passed.
	ErrExpired = errors.New("token expired")
	// ErrNotYetValid: iat or nbf lies further in the future than ClockSkew.
	ErrNotYetValid = errors.New("token not yet valid")
	// ErrLifetime: the lifetime is above the maximum (Verify), or a ttl is (Sign).
	ErrLifetime = errors.New("token lifetime above the maximum")
)

// Error is a verification failure. Its Description is written for the token's bearer (RFC 6750's
// error_description): it tells an expired token from a bad signature from a malformed token,
// in printable ASCII without quotes or backslashes, and never quotes the token.
type Error struct {
	kind        error
	description string
	cause       error // the library's account, for logs
}

func newError(kind error, description string, cause error) *Error {
	return &Error{kind: kind, description: description, cause: cause}
}

// Description says what is wrong with the token, for the client.
func (e *Error) Description() string { return e.description }

// Error is the kind, the description and, when there is one, the library's cause: for logs,
// not for the client (see Description).
func (e *Error) Error() string {
	if e.cause != nil {
		return e.kind.Error() + ": " + e.description + ": " + e.cause.Error()
	}
	return e.kind.Error() + ": " + e.description
}

// Is makes errors.Is match ErrInvalid and the error's kind.
func (e *Error) Is(target error) bool { return target == ErrInvalid || target == e.kind }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// descriptionSignature is the bad-signature answer. The usual cause is a token from another
// secret: `hubd token` run over another data dir, or another deployment's HUBD_JWT_SECRET.
const descriptionSignature = "the token's signature does not verify: was it signed with this server's secret?"

// classify turns a golang-jwt error into an *Error. checkCompact has already refused what it
// can say more precisely (algorithm, crit, encoding), so this is the remainder.
func classify(err error) error {
	var own *Error
	switch {
	case errors.As(err, &own):
		return own
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return newError(ErrSignature, descriptionSignature, err)
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return newError(ErrUnsupported, "the token's algorithm is not HS256", err)
	default:
		return newError(ErrMalformed, "the token is malformed", err)
	}
}
