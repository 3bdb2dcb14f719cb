package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/consistency"
)

// HeaderConsistencyToken carries read-your-writes tokens: every successful change answers with
// one; a read that sends it back sees at least that change, wherever it is served.
const HeaderConsistencyToken = "X-Consistency-Token"

// readYourWrites puts a sent token into the request's context for the reads, and, for changes,
// a recorder whose token goes out in the response header (set just before the status is written,
// so only a response of a change that happened carries one).
func readYourWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ctx := req.Context()
		if t := req.Header.Get(HeaderConsistencyToken); t != "" {
			ctx = consistency.WithMinimum(ctx, consistency.Token(t))
		}
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			var rec *consistency.Recorder
			ctx, rec = consistency.WithRecorder(ctx)
			res := c.Response()
			res.Before(func() {
				if t := rec.Token(); t != "" && res.Status < 300 {
					res.Header().Set(HeaderConsistencyToken, string(t))
				}
			})
		}
		if ctx != req.Context() { // a read without a token goes on with its request as it came
			c.SetRequest(req.WithContext(ctx))
		}
		return next(c)
	}
}
