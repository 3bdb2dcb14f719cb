package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/query"
)

// Waker wakes event streams when new events may have been committed (LISTEN/NOTIFY). It is a
// hint only: streams also look again at every heartbeat, and the feed is the source of truth.
type Waker interface {
	Subscribe() (wake <-chan struct{}, stop func())
}

// defaultHeartbeat keeps idle streams alive through proxies that close silent connections.
const defaultHeartbeat = 15 * time.Second

// hubEventStream is GET /hub-events/stream: Server-Sent Events of the feed, resumable with
// Last-Event-ID (or after=), with heartbeats, ending when the client leaves or the server shuts
// down.
func (s *server) hubEventStream(c echo.Context) error {
	ctx := c.Request().Context()
	after, err := int64Param(c.Request().Header.Get("Last-Event-ID"), "Last-Event-ID", -1)
	if err == nil && after < 0 {
		after, err = int64Param(c.QueryParam(paramAfter), paramAfter, 0)
	}
	if err != nil {
		return err
	}
	// Woken by a commit's notification, the stream must see that commit: it reads the primary,
	// not a replica that may not have replayed it yet.
	readCtx := consistency.WithPrimary(ctx)
	read := func() ([]query.EventView, error) {
		return s.app.Queries.HubEvents.Handle(readCtx, query.HubEvents{Actor: actor(c), After: after, Limit: defaultEventBatch})
	}
	wake, stop := s.subscribe()
	defer stop()
	events, err := read() // before any byte is sent, so a 403 is still a proper answer
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
	writeBy := func() { _ = rc.SetWriteDeadline(time.Now().Add(max(2*s.heartbeat, 30*time.Second))) }
	writeBy()
	w.WriteHeader(http.StatusOK)
	w.Flush()

	heartbeat := time.NewTicker(s.heartbeat)
	defer heartbeat.Stop()
	for {
		writeBy()
		for len(events) > 0 {
			for _, e := range events {
				data, _ := json.Marshal(eventJSONOf(e))
				if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.Seq, e.Type, data); err != nil {
					return nil // the client left
				}
				after = e.Seq
			}
			w.Flush()
			if len(events) < defaultEventBatch {
				break
			}
			if events, err = read(); err != nil {
				return s.endStream(c, err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.done:
			_, _ = fmt.Fprint(w, ": server shutting down\n\n")
			w.Flush()
			return nil
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case <-wake:
		}
		if events, err = read(); err != nil {
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

func (s *server) subscribe() (<-chan struct{}, func()) {
	if s.waker == nil {
		return nil, func() {}
	}
	return s.waker.Subscribe()
}
