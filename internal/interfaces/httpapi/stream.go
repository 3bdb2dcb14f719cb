package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/feed"
)

// Waker wakes the event streams when new events may have been committed (LISTEN/NOTIFY). It is a
// hint only: the streams' shared read also looks at every heartbeat, and the feed is the source
// of truth.
type Waker = feed.Waker

// defaultHeartbeat keeps idle streams alive through proxies that close silent connections.
const defaultHeartbeat = 15 * time.Second

// CodeTooManyStreams is the code of the 429 (this caller's cap) and the 503 (the service's cap)
// that refuse another event stream.
const CodeTooManyStreams = "TOO_MANY_STREAMS"

// afterNow is the value of after= that starts a stream at the feed's current end, so that a
// client that shows only what changes from now on (the console) is not sent the history first.
// A reconnect's Last-Event-ID still wins: it resumes where the stream was.
const afterNow = "now"

// streamRetryAfter is what a refused stream is told to wait, in seconds: streams last, so a
// place frees up rarely within a second.
const streamRetryAfter = "5"

// hubEventStream is GET /hub-events/stream: Server-Sent Events of the feed, resumable with
// Last-Event-ID (or after=, a seq or now), with heartbeats, ending when the client leaves or the
// server shuts down. Its events come from the streams' one shared read of the feed (feed.Streams).
func (s *server) hubEventStream(c echo.Context) error {
	ctx := c.Request().Context()
	q, err := strictQuery(c.Request().URL.RawQuery, streamQuery)
	if err != nil {
		return err
	}
	after, err := int64Param(c.Request().Header.Get("Last-Event-ID"), "Last-Event-ID", -1)
	fromNow := err == nil && after < 0 && q.Get(paramAfter) == afterNow
	if err == nil && after < 0 && !fromNow {
		after, err = int64Param(q.Get(paramAfter), paramAfter, 0)
		if err != nil {
			err = BadParam(paramAfter, "must be a non-negative integer or "+afterNow)
		}
	}
	if err != nil {
		return err
	}
	only, err := aggregateTypeParam(q.Get(paramAggregateType))
	if err != nil {
		return err
	}
	var sub *feed.Subscription
	if fromNow { // the caps first, then the head: a refused stream reads nothing
		sub, err = s.streams.SubscribeFromHead(ctx, Actor(c), only)
	} else {
		sub, err = s.streams.SubscribeTo(Actor(c), after, only)
	}
	switch {
	case errors.Is(err, feed.ErrTooManyStreams):
		c.Response().Header().Set("Retry-After", streamRetryAfter)
		return NewProblem(http.StatusTooManyRequests, CodeTooManyStreams, "this caller has as many event streams open as it may; close one first")
	case errors.Is(err, feed.ErrStreamsFull):
		return NewProblem(http.StatusServiceUnavailable, CodeTooManyStreams, "the service has as many event streams open as it may; try again later")
	case err != nil:
		return err
	}
	defer sub.Close()
	// Woken by a commit's notification, the stream must see that commit: it reads the primary,
	// not a replica that may not have replayed it yet.
	readCtx := consistency.WithPrimary(ctx)
	events, err := sub.Next(readCtx) // before any byte is sent, so a 503 is still a proper answer
	if err != nil {
		return err
	}

	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	if c.Request().Method == http.MethodHead { // the headers a stream would start with, and no stream
		w.WriteHeader(http.StatusOK)
		return nil
	}
	// A stream outlives the server's WriteTimeout; instead each write gets a deadline of its
	// own, so a client that stops reading ends its stream rather than holding it forever.
	rc := http.NewResponseController(w)
	writeBy := func(d time.Duration) { _ = rc.SetWriteDeadline(time.Now().Add(d)) }
	idle := max(2*s.heartbeat, 30*time.Second)
	writeBy(idle)
	w.WriteHeader(http.StatusOK)
	w.Flush()

	heartbeat := time.NewTicker(s.heartbeat)
	defer heartbeat.Stop()
	for {
		writeBy(idle)
		for len(events) > 0 {
			for _, e := range events {
				data, _ := json.Marshal(eventJSONOf(e))
				if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.Seq, e.Type, data); err != nil {
					return nil // the client left
				}
			}
			w.Flush()
			if len(events) < feed.StreamBatch {
				break
			}
			if events, err = sub.Next(readCtx); err != nil {
				return s.endStream(c, err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.done:
			writeBy(time.Second) // a client that does not read must not hold up the shutdown
			_, _ = fmt.Fprint(w, ": server shutting down\n\n")
			w.Flush()
			return nil
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case <-sub.Wake():
		}
		if events, err = sub.Next(readCtx); err != nil {
			return s.endStream(c, err)
		}
	}
}

// endStream closes a stream whose feed failed: the status is sent already, so the client gets
// a comment and reconnects with Last-Event-ID; the cause goes to the log.
func (s *server) endStream(c echo.Context, err error) error {
	s.log.WarnContext(c.Request().Context(), "event stream ended", "error", err.Error())
	_, _ = fmt.Fprint(c.Response(), ": feed unavailable, reconnect with Last-Event-ID\n\n")
	c.Response().Flush()
	return nil
}
