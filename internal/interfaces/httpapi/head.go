package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// router is what echo.Echo and echo.Group share for registering GET and HEAD routes.
type router interface {
	GET(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
	HEAD(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route
}

// getAndHead routes GET path to h and HEAD path (RFC 9110 §9.3.2) to the same h and middleware,
// with the body left out: a HEAD answer has the status and headers the GET would have, so a
// client can check a hub's ETag, or whether a search is allowed, without the content.
func getAndHead(r router, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
	r.GET(path, h, m...)
	r.HEAD(path, h, append([]echo.MiddlewareFunc{withoutBody}, m...)...)
}

// withoutBody runs the route (its middleware first: it is the outermost) with a response writer
// that drops the body. It renders an error itself, inside that writer and as for a GET (the
// error handler leaves a HEAD's problem out), so that an error's headers, Content-Length
// included, are the GET's too.
func withoutBody(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		res := c.Response()
		w := &headWriter{ResponseWriter: res.Writer}
		res.Writer = w
		defer func() { res.Writer = w.ResponseWriter }()
		if err := h(c); err != nil {
			head := c.Request()
			asGet := *head
			asGet.Method = http.MethodGet
			c.SetRequest(&asGet)
			c.Error(err)
			c.SetRequest(head)
		}
		w.finish()
		return nil
	}
}

// headWriter counts the body instead of sending it, and holds the status back until the handler
// is done, so that the answer can say the Content-Length the GET would have had. A Flush (the
// event stream's) sends the status at once, without a length.
type headWriter struct {
	http.ResponseWriter
	status int
	length int
	sent   bool
}

func (w *headWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *headWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.length += len(b)
	return len(b), nil
}

// Flush sends the status and headers.
func (w *headWriter) Flush() {
	w.send()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *headWriter) send() {
	if w.sent {
		return
	}
	w.sent = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(w.status)
}

// finish sends what is held back, with the length of the body the handler wrote (none: no
// Content-Length, as the GET's own would have been computed from the bytes).
func (w *headWriter) finish() {
	if !w.sent && w.length > 0 && w.Header().Get(echo.HeaderContentLength) == "" {
		w.Header().Set(echo.HeaderContentLength, strconv.Itoa(w.length))
	}
	w.send()
}
