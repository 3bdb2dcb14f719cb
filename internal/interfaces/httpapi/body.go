package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// CodeRequestTimeout is the 408's code: the request's body did not arrive in time.
const CodeRequestTimeout = "REQUEST_TIMEOUT"

// guardBody bounds how long a request's body may take to arrive: by the request timeout from
// the moment the handler starts, and at once when the server shuts down. Without it a client
// that never finishes its body (a chunk that never ends) holds its connection, and a graceful
// shutdown, for as long as it likes: reading a body does not watch the request's context, and
// net/http reads what a handler left unread before it reuses the connection.
//
// A read cut off by the deadline makes the answer a 408 (503 when the server is shutting down),
// whatever the handler made of the failed read. A body a handler did not read to its end (a
// 401 before any byte is read) is read away just before the answer, for at most drainGrace, so
// that an ordinary client, whose small body has arrived, keeps its connection; a body still
// arriving after that makes the answer close the connection at once (net/http would otherwise
// wait for the rest before answering, and again after it). A request without a body is left
// alone, which is what keeps an event stream's connection free of read deadlines.
func (s *server) guardBody(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
				return next(c)
			}
			// Not supported by test recorders, which have no connection to wait on.
			rc := http.NewResponseController(c.Response())
			_ = rc.SetReadDeadline(time.Now().Add(timeout))
			body := &guardedBody{ReadCloser: req.Body}
			guarded := *req
			guarded.Body = body
			c.SetRequest(&guarded)
			var shutdown atomic.Bool
			c.Response().Before(func() {
				if body.eof.Load() {
					return
				}
				if !body.timedOut.Load() && !shutdown.Load() {
					_ = rc.SetReadDeadline(time.Now().Add(drainGrace))
					if _, err := io.CopyN(io.Discard, body, maxDrain); errors.Is(err, io.EOF) {
						return
					}
				}
				_ = rc.SetReadDeadline(time.Now()) // net/http's own last read of the rest fails at once
				c.Response().Header().Set(echo.HeaderConnection, "close")
			})

			var wg sync.WaitGroup
			stop := make(chan struct{})
			if s.done != nil {
				wg.Add(1)
				go func() { // a controller may not be used once the handler has returned: wg
					defer wg.Done()
					select {
					case <-s.done:
						shutdown.Store(true)
						// Only a body still arriving: once one is read, net/http's watch for
						// the client leaving reads the connection, and a deadline now would
						// cancel a request that is to finish. (A body ending at this very
						// moment may still be cut: its request is answered 503, like one
						// arriving as the listener closes.)
						if !body.eof.Load() {
							_ = rc.SetReadDeadline(time.Now())
						}
					case <-stop:
					}
				}()
			}
			err := next(c)
			close(stop)
			wg.Wait()
			if !body.timedOut.Load() || c.Response().Committed {
				return err
			}
			if shutdown.Load() {
				return NewProblem(http.StatusServiceUnavailable, CodeUnavailable,
					"the server is shutting down and the body had not arrived; send the request again")
			}
			return NewProblem(http.StatusRequestTimeout, CodeRequestTimeout,
				fmt.Sprintf("the request body did not arrive within %v", timeout))
		}
	}
}

const (
	// drainGrace is how long an unread body may take to finish arriving once the answer is
	// ready; an ordinary client sent its small body with its headers.
	drainGrace = 100 * time.Millisecond
	// maxDrain is as much of an unread body as is read away to keep the connection (net/http's
	// own bound for the same purpose).
	maxDrain = 256 << 10
)

// guardedBody notes how reading the body ended: at its end, or at the read deadline.
type guardedBody struct {
	io.ReadCloser
	eof, timedOut atomic.Bool
}

func (b *guardedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case errors.Is(err, io.EOF):
		b.eof.Store(true)
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.timedOut.Store(true)
	}
	return n, err
}
