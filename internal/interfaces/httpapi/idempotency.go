package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/idempotency"
)

// HeaderIdempotencyKey makes a POST safe to retry.
const HeaderIdempotencyKey = "Idempotency-Key"

var validIdempotencyKey = regexp.MustCompile(`^[\x21-\x7E]{1,255}$`)

// keptHeaders are the response headers an outcome is replayed with.
var keptHeaders = []string{echo.HeaderContentType, echo.HeaderLocation, "ETag", HeaderConsistencyToken}

// idempotent keeps the first outcome of a request sent with an Idempotency-Key, per caller and
// key, and replays it byte for byte to the same request sent again: a client that lost the
// answer to a create can retry without creating twice. The same key with another request is
// 422, and with one still running 409. Only outcomes worth replaying are kept
// (idempotency.Worth: a success, a 404 or a 409), and only up to idempotency.MaxBodyBytes; for
// any other (a 400, a 403, a 5xx) the key is released, so that a retry runs again.
func (s *server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get(HeaderIdempotencyKey)
		if key == "" || s.idem == nil {
			return next(c)
		}
		if !validIdempotencyKey.MatchString(key) {
			return BadParam(HeaderIdempotencyKey, "must be 1 to 255 visible ASCII characters")
		}
		// Sized from Content-Length when it is declared: reading a large body does not copy it
		// over and over as the buffer grows.
		var buf bytes.Buffer
		if n := c.Request().ContentLength; n > 0 && n <= MaxBodyBytes {
			buf.Grow(int(n) + bytes.MinRead)
		}
		if _, err := buf.ReadFrom(http.MaxBytesReader(c.Response(), c.Request().Body, MaxBodyBytes)); err != nil {
			return BadBody("the body exceeds 1 MiB or could not be read")
		}
		body := buf.Bytes()
		c.Request().Body = io.NopCloser(bytes.NewReader(body))
		hash := sha256.New()
		for _, part := range [][]byte{[]byte(c.Request().Method), []byte(c.Request().URL.Path),
			[]byte(c.Request().Header.Get(echo.HeaderContentType)), body} {
			hash.Write(part)
			hash.Write([]byte{0})
		}
		caller, ctx := Actor(c).ID, c.Request().Context()
		kept, err := s.idem.Claim(ctx, caller, key, hash.Sum(nil), s.now())
		switch {
		case errors.Is(err, idempotency.ErrKeyReused):
			return NewProblem(http.StatusUnprocessableEntity, CodeIdempotencyKeyReused,
				"this Idempotency-Key was used with another request", FieldError{Field: HeaderIdempotencyKey, Message: "was used with another request"})
		case errors.Is(err, idempotency.ErrInFlight):
			return NewProblem(http.StatusConflict, CodeIdempotencyInFlight, "a request with this Idempotency-Key is still running")
		case err != nil:
			return err
		case kept != nil:
			for k, v := range kept.Header {
				c.Response().Header().Set(k, v)
			}
			c.Response().Header().Set("Idempotent-Replayed", "true")
			c.Response().WriteHeader(kept.Status)
			_, _ = c.Response().Write(kept.Body)
			return nil
		}

		// Settled after the handler, on a context of its own (the client may be gone by then),
		// which lasts what is left of the request's deadline and settleGrace more: the answer
		// waits for it, so a database that stopped answering must not hold it much past the
		// deadline. A claim left unreleased expires with its lease (idempotency.ClaimLease).
		settle := func() (context.Context, context.CancelFunc) {
			d := settleGrace
			if dl, ok := ctx.Deadline(); ok {
				d += max(time.Until(dl), 0)
			}
			return context.WithTimeout(context.WithoutCancel(ctx), d)
		}
		settled := false
		defer func() { // a panic, or a 5xx below: the key is free again
			if !settled {
				sctx, cancel := settle()
				defer cancel()
				_ = s.idem.Release(sctx, caller, key)
			}
		}()
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		if err := next(c); err != nil {
			c.Error(err) // rendered here, so that its outcome can be kept too
		}
		c.Response().Writer = rec.ResponseWriter
		if rec.status == 0 || !idempotency.Worth(rec.status) {
			return nil
		}
		if rec.overflow {
			s.log.WarnContext(ctx, "idempotency outcome not kept", "error", idempotency.ErrTooLarge.Error())
			return nil
		}
		r := idempotency.Response{Status: rec.status, Header: map[string]string{}, Body: rec.body.Bytes()}
		for _, h := range keptHeaders {
			if v := c.Response().Header().Get(h); v != "" {
				r.Header[h] = v
			}
		}
		sctx, cancel := settle()
		defer cancel()
		if err := s.idem.Complete(sctx, caller, key, r, s.now()); err != nil {
			s.log.WarnContext(ctx, "idempotency outcome not kept", "error", err.Error())
			return nil // the deferred Release frees the key
		}
		settled = true
		return nil
	}
}

// settleGrace is how long past the request's deadline keeping or releasing its key may take.
const settleGrace = 500 * time.Millisecond

// recorder passes a response through and keeps a copy of its status and body, up to the
// largest body an outcome may keep: beyond it, overflow says so and the copy stops growing.
type recorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len()+len(b) > idempotency.MaxBodyBytes {
		r.overflow = true
	} else {
		r.body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}
