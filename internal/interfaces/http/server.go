package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/hubd/hubd/internal/application"
	"github.com/hubd/hubd/internal/interfaces/http/openapi"
)

// TokenVerifier checks a bearer token's signature and expiry and returns its claims. Whether
// the role and subject make sense is checked here, by the HTTP layer.
type TokenVerifier interface {
	Verify(token string) (subject, role string, err error)
}

// Config is what the HTTP interface needs.
type Config struct {
	App    application.Application
	Tokens TokenVerifier
	// Ready answers whether the service can serve (the database answers); for /readyz.
	Ready  func(context.Context) error
	Logger *slog.Logger
	// CursorKey signs search cursors; at least 32 bytes. Cursors stay valid across restarts
	// and instances that share it.
	CursorKey []byte
	// Waker wakes event streams on new events; nil leaves them to their heartbeat.
	Waker Waker
	// Done, when closed, ends the event streams: http.Server.Shutdown waits for handlers, and
	// a stream would otherwise never end. Nil: streams end only with their clients.
	Done <-chan struct{}
	// Heartbeat is the event streams' keep-alive interval; 0 takes 15 s.
	Heartbeat time.Duration
}

type server struct {
	app       application.Application
	tokens    TokenVerifier
	ready     func(context.Context) error
	log       *slog.Logger
	cursors   cursorCodec
	waker     Waker
	done      <-chan struct{}
	heartbeat time.Duration
}

// New builds the Echo instance with every route of the contract.
func New(cfg Config) (*echo.Echo, error) {
	if cfg.Tokens == nil || cfg.Ready == nil {
		return nil, errors.New("httpapi: a token verifier and a readiness check are required")
	}
	if len(cfg.CursorKey) < 32 {
		return nil, errors.New("httpapi: a cursor key of at least 32 bytes is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &server{app: cfg.App, tokens: cfg.Tokens, ready: cfg.Ready, log: cfg.Logger,
		cursors: cursorCodec{key: append([]byte(nil), cfg.CursorKey...)},
		waker:   cfg.Waker, done: cfg.Done, heartbeat: orDefault(cfg.Heartbeat, defaultHeartbeat)}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(requestID, s.logRequests, middleware.Recover())

	e.GET("/livez", s.livez)
	e.GET("/readyz", s.readyz)
	e.GET("/openapi.json", serveOpenAPI)

	// Authentication is attached per route, not with Group middleware: Echo answers every
	// unknown method under a group with middleware as 404, which would hide the 405s.
	api, auth := e.Group("/api/v1"), s.authenticate
	api.POST("/hubs", s.createHub, auth)
	api.GET("/hubs", s.searchHubs, auth)
	api.GET("/hubs/:hubId", s.getHub, auth)
	api.PUT("/hubs/:hubId", s.replaceHub, auth)
	api.PATCH("/hubs/:hubId", s.patchHub, auth)
	api.DELETE("/hubs/:hubId", s.deleteHub, auth)
	api.POST("/hubs/:hubId/restore", s.restoreHub, auth)
	api.GET("/hub-events", s.hubEvents, auth)
	api.GET("/hub-events/stream", s.hubEventStream, auth)
	return e, nil
}

func (s *server) livez(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) readyz(c echo.Context) error {
	if err := s.ready(c.Request().Context()); err != nil {
		s.log.WarnContext(c.Request().Context(), "not ready", "error", err.Error())
		return newProblem(http.StatusServiceUnavailable, CodeNotReady, "the database does not answer")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func serveOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openapi.Document)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// jsonEncode writes v as JSON without escaping <, > and &: the body is data, not HTML.
func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSON sends v with status and the JSON content type.
func writeJSON(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
