package httpapi

import (
	"fmt"
	"net/http"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// metricsPath is where Prometheus scrapes; it needs no token, like /livez.
const metricsPath = "/metrics"

// Metrics is the HTTP side of the service's Prometheus metrics: the request counter and the
// latency and size histograms echoprometheus keeps (hubd_http_*), and the handler that serves
// everything on the registry at /metrics. Build it once per registry; servers built from one
// Config share it.
type Metrics struct {
	middleware  echo.MiddlewareFunc
	handler     echo.HandlerFunc
	feedQueries *prometheus.CounterVec
}

// NewMetrics registers the HTTP metrics on reg, which /metrics then serves whole: register the
// database's collectors and anything else on the same registry. A registry of hubd's own, not
// prometheus.DefaultRegisterer, so that tests can build several servers in one process.
func NewMetrics(reg *prometheus.Registry) (*Metrics, error) {
	mw, err := echoprometheus.MiddlewareConfig{
		Namespace:  "hubd",
		Subsystem:  "http",
		Registerer: reg,
		// /metrics itself is scraped every few seconds; counting it only adds noise.
		Skipper: func(c echo.Context) bool { return c.Path() == metricsPath },
		// The url label is the route template (c.Path(), e.g. /api/v1/hubs/:hubId); a request
		// no route matches gets "" instead of its raw path, so clients cannot mint series.
		DoNotUseRequestPathFor404: true,
		LabelFuncs: map[string]echoprometheus.LabelValueFunc{
			// The Host header and the method are whatever the client writes: bound them too.
			"host":   func(echo.Context, error) string { return "" },
			"method": func(c echo.Context, _ error) string { return methodLabel(c.Request().Method) },
		},
		StatusCodeResolver: statusOf,
	}.ToMiddleware()
	if err != nil {
		return nil, fmt.Errorf("httpapi: register metrics: %w", err)
	}
	// By reader: "shared" is the event streams' one read per wake-up, "catch_up" a stream behind
	// it reading for itself, "request" GET /hub-events. Streams that share their read show as
	// one shared query per change however many they are.
	feedReads := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "hubd", Name: "event_feed_queries_total",
		Help: "Reads of the hub event feed, by reader: shared (every stream's), catch_up (one stream's own), request (GET /hub-events).",
	}, []string{"reader"})
	if err := reg.Register(feedReads); err != nil {
		return nil, fmt.Errorf("httpapi: register metrics: %w", err)
	}
	for _, r := range []string{feed.ReadShared, feed.ReadCatchUp, feedReadRequest} {
		feedReads.WithLabelValues(r) // present from the start, at 0
	}
	return &Metrics{middleware: mw, handler: echoprometheus.NewHandlerWithConfig(echoprometheus.HandlerConfig{Gatherer: reg}),
		feedQueries: feedReads}, nil
}

// feedReadRequest is the reader label of GET /hub-events.
const feedReadRequest = "request"

func (m *Metrics) countFeedQuery(reader string) { m.feedQueries.WithLabelValues(reader).Inc() }

// metricsOrDefault is m, or metrics on a registry of their own when the configuration has none,
// so that /metrics is always routed (and the routes match the OpenAPI document).
func metricsOrDefault(m *Metrics) (*Metrics, error) {
	if m != nil {
		return m, nil
	}
	return NewMetrics(prometheus.NewRegistry())
}

// statusOf is the status a request was answered with. The middleware runs outside logRequests,
// which has already turned any error into its response, so err is normally nil; should one get
// through, it is the status the error handler will give it.
func statusOf(c echo.Context, err error) int {
	if err != nil {
		return problemOf(err).Status
	}
	return c.Response().Status
}

// methodLabel keeps the standard methods and folds anything else into OTHER.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
