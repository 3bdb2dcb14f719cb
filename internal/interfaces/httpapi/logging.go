package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"
)

// validRequestID bounds what a client may send as X-Request-ID, so it cannot forge log lines.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID keeps a well-formed incoming X-Request-ID or makes one, and echoes it back.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !validRequestID.MatchString(id) {
			b := make([]byte, 16)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// logRequests writes one structured line per request: method, route, status, latency_ms, request
// id and the caller's sub. Never the token. The error is handled here, so the status is final.
func (s *server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		ctx := c.Request().Context()
		if !s.log.Enabled(ctx, slog.LevelInfo) {
			return nil // a service logging at warn does not build the line per request
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request().Method),
			slog.String("route", c.Path()),
			slog.Int("status", c.Response().Status),
			// Milliseconds, the unit in the name: slog's Duration would be bare nanoseconds in JSON.
			slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
		}
		if a := Actor(c); a.Role != "" {
			attrs = append(attrs, slog.String("sub", a.ID.String()), slog.String("role", string(a.Role)))
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
		return nil
	}
}
