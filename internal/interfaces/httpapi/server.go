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

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/idempotency"
	"github.com/hubd/hubd/internal/interfaces/httpapi/openapi"
)

// TokenVerifier checks a bearer token's signature and expiry and returns its claims. Whether
// the role and subject make sense is checked here, by the HTTP layer.
type TokenVerifier interface {
	Verify(token string) (subject, role string, err error)
}

// Config is what the HTTP interface needs.
type Config struct {
	// Feed reads the event feed of every aggregate (GET /hub-events and its stream).
	Feed   feed.Handler
	Tokens TokenVerifier
	// Ready reports each database for /readyz; the service is ready when the primary is.
	Ready  func(context.Context) []DatabaseStatus
	Logger *slog.Logger
	// CursorKey signs search cursors; at least 32 bytes. Cursors stay valid across restarts
	// and instances that share it.
	CursorKey []byte
	// Waker wakes event streams on new events; nil leaves them to their heartbeat.
	Waker Waker
	// Done, when closed, ends the event streams: http.Server.Shutdown waits for handlers, and
	// a stream would otherwise never end. Nil: streams end only with their clients.
	Done <-chan struct{}
	// Heartbeat is the event streams' keep-alive interval, and how often their shared read
	// looks at the feed without a wake-up; 0 takes 15 s.
	Heartbeat time.Duration
	// MaxStreams caps the event streams open at once (past it, 503), MaxStreamsPerCaller those
	// of one caller (past it, 429); 0 takes 1000 and 20.
	MaxStreams, MaxStreamsPerCaller int
	// RequestTimeout bounds every API request but the event stream: its context (and so its
	// queries) ends then, and the answer is 503. 0 takes 5 s.
	RequestTimeout time.Duration
	// RateLimit limits each verified caller, by token sub. The zero value sets no limit.
	RateLimit RateLimit
	// AnonymousRateLimit limits requests without a valid token, by client address. The zero
	// value sets no limit.
	AnonymousRateLimit RateLimit
	// Metrics counts requests and serves /metrics (no token needed); nil keeps the HTTP
	// metrics on a registry of their own.
	Metrics *Metrics
	// Idempotency keeps the outcomes of creates and restores sent with an Idempotency-Key;
	// nil ignores the header.
	Idempotency idempotency.Store
	// Now is the clock idempotency keys expire by; nil is time.Now.
	Now func() time.Time
	// Modules are the aggregates' HTTP interfaces (hubapi.New(app.Hubs), …), each adding its
	// routes under /api/v1.
	Modules []Module
	// DevTokens, when set, serves POST /dev/token (the console's development sign-in); nil
	// leaves the route out, so it is 404.
	DevTokens DevTokenIssuer
}

type server struct {
	feed      feed.Handler
	tokens    TokenVerifier
	ready     func(context.Context) []DatabaseStatus
	log       *slog.Logger
	cursors   cursorCodec
	streams   *feed.Streams
	done      <-chan struct{}
	heartbeat time.Duration
	limits    *limiter
	idem      idempotency.Store
	now       func() time.Time
	metrics   *Metrics
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
	s := &server{feed: cfg.Feed, tokens: cfg.Tokens, ready: cfg.Ready, log: cfg.Logger,
		cursors: newCursorCodec(cfg.CursorKey),
		done:    cfg.Done, heartbeat: orDefault(cfg.Heartbeat, defaultHeartbeat),
		limits: newLimiter(cfg.RateLimit, cfg.AnonymousRateLimit), idem: cfg.Idempotency, now: cfg.Now}
	if s.now == nil {
		s.now = time.Now
	}
	metrics, err := metricsOrDefault(cfg.Metrics)
	if err != nil {
		return nil, err
	}
	s.metrics = metrics
	if s.streams, err = feed.NewStreams(cfg.Feed, feed.StreamOptions{
		Waker: cfg.Waker, Heartbeat: s.heartbeat, MaxStreams: cfg.MaxStreams, MaxPerCaller: cfg.MaxStreamsPerCaller,
		CountRead: metrics.countFeedQuery,
	}); err != nil {
		return nil, err
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The peer's address, not X-Forwarded-For: behind a proxy, configure it to pass a verified
	// address rather than trusting whatever a client writes into a header.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.errorHandler
	// Metrics outside logRequests, which turns an error into its response: the status is final.
	// guardBody inside it, so that the 408 it makes of a body cut off is rendered the same way.
	timeout := orDefault(cfg.RequestTimeout, defaultRequestTimeout)
	e.Use(requestID, metrics.middleware, s.logRequests, middleware.Recover(), s.guardBody(timeout))

	getAndHead(e, "/livez", s.livez)
	getAndHead(e, "/readyz", s.readyz)
	getAndHead(e, "/openapi.json", serveOpenAPI)
	getAndHead(e, metricsPath, metrics.handler)
	if cfg.DevTokens != nil {
		e.POST(DevTokenPath, devToken(cfg.DevTokens), s.anonymousLimited)
	}

	// Middleware is attached per route, not with Group middleware: Echo answers every unknown
	// method under a group with middleware as 404, which would hide the 405s.
	api, mw := e.Group("/api/v1"), []echo.MiddlewareFunc{readYourWrites, s.authenticate, s.rateLimited, deadline(timeout)}
	streaming := []echo.MiddlewareFunc{readYourWrites, s.authenticate, s.rateLimited} // a stream outlives any deadline
	idem := append(append([]echo.MiddlewareFunc{}, mw...), s.idempotent)
	routes := &Routes{api: api, mw: mw, idem: idem, cursors: s.cursors}
	for _, m := range cfg.Modules {
		m.Routes(routes)
	}
	getAndHead(api, "/hub-events", s.hubEvents, mw...)
	getAndHead(api, "/hub-events/stream", s.hubEventStream, streaming...)
	return e, nil
}

func (s *server) livez(c echo.Context) error {
	return c.JSON(http.StatusOK, healthJSON{Status: "ok"})
}

// DatabaseStatus is one database as /readyz shows it.
type DatabaseStatus struct {
	Name       string   `json:"name"`
	Role       string   `json:"role"`
	OK         bool     `json:"ok"`
	Error      string   `json:"error,omitempty"`
	LagSeconds *float64 `json:"lagSeconds,omitempty"`
}

// readyz is 200 while the primary answers, listing every database; a replica that is down or
// lagging shows there (and is skipped by reads) without making the service unready.
func (s *server) readyz(c echo.Context) error {
	dbs := s.ready(c.Request().Context())
	for _, db := range dbs {
		if db.Role == "primary" && !db.OK {
			s.log.WarnContext(c.Request().Context(), "not ready", "error", db.Error)
			p := NewProblem(http.StatusServiceUnavailable, CodeNotReady, "the primary database does not answer")
			p.Databases = dbs
			return p
		}
	}
	return c.JSON(http.StatusOK, healthJSON{Status: "ok", Databases: dbs})
}

type healthJSON struct {
	Status    string           `json:"status"`
	Databases []DatabaseStatus `json:"databases,omitempty"`
}

func serveOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openapi.Document)
}

// defaultRequestTimeout is what a request gets when the configuration says nothing.
const defaultRequestTimeout = 5 * time.Second

// deadline gives the request's context a deadline, which every query under it inherits: when a
// database is slow or gone, the client gets a 503 in time instead of a hang.
func deadline(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
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

// WriteJSON sends v with status and the JSON content type.
func WriteJSON(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}
