package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
)

const actorKey = "hubd.actor"

// authenticate admits requests with a valid bearer token whose role is known and whose subject
// is a UUID, and puts the caller in the context; everything else is 401.
func (s *server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		unauthenticated := func(detail string) error {
			// Callers without a valid token are limited by address: guessing tokens costs budget.
			if err := s.limits.allow(c, "ip:"+c.RealIP()); err != nil {
				return err
			}
			return newProblem(http.StatusUnauthorized, CodeUnauthenticated, detail)
		}
		scheme, tok, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return unauthenticated("a bearer token is required")
		}
		sub, roleName, err := s.tokens.Verify(strings.TrimSpace(tok))
		if err != nil {
			return unauthenticated("the bearer token is invalid or expired")
		}
		role, ok := access.ParseRole(roleName)
		if !ok {
			return unauthenticated("the bearer token names an unknown role")
		}
		id, ok := parseUUID(sub)
		if !ok {
			return unauthenticated("the bearer token's subject is not a UUID")
		}
		c.Set(actorKey, access.Actor{ID: id, Role: role})
		return next(c)
	}
}

// actor is the caller authenticate admitted.
func actor(c echo.Context) access.Actor {
	a, _ := c.Get(actorKey).(access.Actor)
	return a
}
