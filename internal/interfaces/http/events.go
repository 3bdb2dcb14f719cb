package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/query"
)

const (
	defaultEventBatch = 100
	paramAfter        = "after"
	paramLimit        = "limit"
)

// eventJSON is one hub event on the wire.
type eventJSON struct {
	Seq        int64   `json:"seq"`
	EventID    string  `json:"eventId"`
	Type       string  `json:"type"`
	HubID      string  `json:"hubId"`
	Version    int64   `json:"version"`
	Actor      string  `json:"actor"`
	OccurredAt string  `json:"occurredAt"`
	Hub        hubJSON `json:"hub"`
}

func eventJSONOf(e query.EventView) eventJSON {
	return eventJSON{
		Seq: e.Seq, EventID: e.ID.String(), Type: e.Type, HubID: e.HubID.String(), Version: e.Version,
		Actor: e.Actor.String(), OccurredAt: e.OccurredAt.UTC().Format("2006-01-02T15:04:05.999999Z07:00"),
		Hub: hubJSONOf(e.Hub),
	}
}

// feedJSON is a batch of the feed; nextAfter is what to pass as after= to continue.
type feedJSON struct {
	Events    []eventJSON `json:"events"`
	NextAfter int64       `json:"nextAfter"`
}

// hubEvents is GET /hub-events?after=&limit=: the events after a position, in commit order.
func (s *server) hubEvents(c echo.Context) error {
	q, err := strictQuery(c.Request().URL.RawQuery, feedQuery)
	if err != nil {
		return err
	}
	after, err := int64Param(q.Get(paramAfter), paramAfter, 0)
	if err != nil {
		return err
	}
	limit, err := intParamValue(q.Get(paramLimit), paramLimit, defaultEventBatch, 1, query.MaxEventBatch)
	if err != nil {
		return err
	}
	events, err := s.app.Queries.HubEvents.Handle(c.Request().Context(), query.HubEvents{Actor: actor(c), After: after, Limit: limit})
	if !errors.Is(err, access.ErrForbidden) {
		s.metrics.countFeedQuery(feedReadRequest)
	}
	if err != nil {
		return err
	}
	out := feedJSON{Events: make([]eventJSON, len(events)), NextAfter: after}
	for i, e := range events {
		out.Events[i] = eventJSONOf(e)
		out.NextAfter = e.Seq
	}
	return writeJSON(c, http.StatusOK, out)
}

func int64Param(s, name string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, badParam(name, "must be a non-negative integer")
	}
	return n, nil
}

func intParamValue(s, name string, def, minV, maxV int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < minV || n > maxV {
		return 0, badParam(name, "must be an integer between "+strconv.Itoa(minV)+" and "+strconv.Itoa(maxV))
	}
	return n, nil
}
