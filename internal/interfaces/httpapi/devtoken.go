package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// DevTokenPath is where the console's development sign-in mints tokens.
const DevTokenPath = "/dev/token"

// DevTokenIssuer signs bearer tokens for POST /dev/token. Whoever configures one decides that
// anyone who can reach the server may become any role: cmd/hubd does so only for its local
// development secret on a loopback listen address.
type DevTokenIssuer interface {
	// Issue signs a token for sub and role, and tells when it expires.
	Issue(sub, role string) (token string, expiresAt time.Time, err error)
}

// errInvalidDevToken is matched by every validation error of a POST /dev/token body.
var errInvalidDevToken = kernel.NewError(kernel.Invalid, CodeInvalidBody, "invalid dev token request")

// devTokenBody is POST /dev/token's body: role is required, sub may be left out for a random one.
type devTokenBody struct {
	Role *string `json:"role"`
	Sub  *string `json:"sub"`
}

type devTokenJSON struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// devToken is POST /dev/token: the body decoded as strictly as any other, one token out. The
// answer is not cached anywhere: it is a credential.
func devToken(issuer DevTokenIssuer) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw, err := ReadJSONBody(c, MediaJSON)
		if err != nil {
			return err
		}
		var body devTokenBody
		if err := DecodeStrict(raw, &body); err != nil {
			return err
		}
		var v kernel.Validator
		var role access.Role
		if body.Role == nil {
			v.Add("role", "is required")
		} else if r, ok := access.ParseRole(*body.Role); ok {
			role = r
		} else {
			v.Add("role", "must be one of "+roleList())
		}
		sub := uuid.New()
		if body.Sub != nil {
			id, ok := ParseUUID(*body.Sub)
			switch {
			case !ok:
				v.Add("sub", "must be a UUID")
			case id == uuid.Nil:
				v.Add("sub", "must not be the nil UUID, which names no user")
			}
			sub = id
		}
		if err := v.Err(errInvalidDevToken); err != nil {
			return err
		}
		tok, expires, err := issuer.Issue(sub.String(), string(role))
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return WriteJSON(c, http.StatusOK, devTokenJSON{Token: tok, ExpiresAt: expires.UTC()})
	}
}

func roleList() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// anonymousLimited spends from the client address's budget, as requests without a valid token
// do: minting tokens is not free either.
func (s *server) anonymousLimited(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.allowAnonymous(c); err != nil {
			return err
		}
		return next(c)
	}
}
