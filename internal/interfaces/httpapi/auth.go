package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
)

const actorKey = "hubd.actor"

// headerWWWAuthenticate is RFC 9110's challenge header; every 401 carries a Bearer one.
const headerWWWAuthenticate = "WWW-Authenticate"

// describedError is what a TokenVerifier's error may implement to tell the client why its token
// was refused (expired, bad signature, malformed); other errors get a generic description.
type describedError interface {
	error
	Description() string
}

// authenticate admits requests with one valid bearer token whose role is known and whose
// subject is a UUID other than the nil UUID, and puts the caller in the context. A request
// without a token, or with a refused one, is 401 with RFC 6750's challenge; one with two
// Authorization headers is 400, since which of them counts would be a guess.
func (s *server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		refuse := func(p *Problem) error {
			// Callers without a valid token are limited by address: guessing tokens costs budget.
			if err := s.allowAnonymous(c); err != nil {
				return err
			}
			return p
		}
		values := c.Request().Header.Values(echo.HeaderAuthorization)
		if len(values) > 1 {
			return refuse(BadParam(echo.HeaderAuthorization, "must be given once").
				withHeader(headerWWWAuthenticate, bearerChallenge("invalid_request", "send one Authorization header")))
		}
		var scheme, tok string
		ok := false
		if len(values) == 1 {
			scheme, tok, ok = strings.Cut(values[0], " ")
			tok = strings.TrimSpace(tok)
		}
		if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
			// RFC 6750 §3.1: a request that carried no bearer token gets a challenge without an
			// error code.
			return refuse(NewProblem(http.StatusUnauthorized, CodeUnauthenticated, "a bearer token is required").
				withHeader(headerWWWAuthenticate, bearerChallenge("", "")))
		}
		sub, roleName, err := s.tokens.Verify(tok)
		if err != nil {
			return refuse(invalidToken(describe(err)))
		}
		role, ok := access.ParseRole(roleName)
		if !ok {
			return refuse(invalidToken("the token names an unknown role"))
		}
		id, ok := ParseUUID(sub)
		switch {
		case !ok:
			return refuse(invalidToken("the token's sub is not a UUID"))
		case id == uuid.Nil:
			return refuse(invalidToken("the token's sub is the nil UUID, which names no user"))
		}
		c.Set(actorKey, access.Actor{ID: id, Role: role})
		return next(c)
	}
}

// describe is the client's account of a refused token.
func describe(err error) string {
	var d describedError
	if errors.As(err, &d) && d.Description() != "" {
		return d.Description()
	}
	return "the token is invalid"
}

// invalidToken is the 401 for a token that was sent and refused: the detail and the challenge's
// error_description say the same.
func invalidToken(description string) *Problem {
	return NewProblem(http.StatusUnauthorized, CodeUnauthenticated, description).
		withHeader(headerWWWAuthenticate, bearerChallenge("invalid_token", description))
}

// bearerChallenge is RFC 6750 §3's challenge. The description is cut to the characters an
// error_description may hold (printable ASCII but " and \), so no input can break the header.
func bearerChallenge(code, description string) string {
	var b strings.Builder
	b.WriteString(`Bearer realm="hubd"`)
	if code != "" {
		b.WriteString(`, error="` + code + `"`)
	}
	if description = strings.Map(errorDescriptionChar, description); description != "" {
		b.WriteString(`, error_description="` + description + `"`)
	}
	return b.String()
}

func errorDescriptionChar(r rune) rune {
	if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
		return -1
	}
	return r
}

// Actor is the caller authenticate admitted.
func Actor(c echo.Context) access.Actor {
	a, _ := c.Get(actorKey).(access.Actor)
	return a
}
