package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/feed"
)

const (
	defaultEventBatch = 100
	paramAfter        = "after"
	paramLimit        = "limit"
	// paramAggregateType keeps the feed and the stream to one aggregate's events.
	paramAggregateType = "aggregateType"
)

// eventJSON is one event of any aggregate on the wire: the contract's fields, the
// aggregate's id under its own name where followers read it (hubId), and the aggregate's state under its own name (feed.StateProperty), as the outbox stored it.
type eventJSON struct {
	Seq           int64  `json:"seq"`
	EventID       string `json:"eventId"`
	AggregateType string `json:"aggregateType"`
	AggregateID   string `json:"aggregateId"`
	Type          string `json:"type"`
	Version       int64  `json:"version"`
	Actor         string `json:"actor"`
	OccurredAt    string `json:"occurredAt"`
	idName        string // the aggregate's own id property, which older followers read (feed.IDProperty)
	stateName     string
	state         json.RawMessage
}

func eventJSONOf(e feed.Event) eventJSON {
	j := eventJSON{
		Seq: e.Seq, EventID: e.ID.String(), AggregateType: e.AggregateType, AggregateID: e.AggregateID.String(),
		Type: e.Type, Version: e.Version, Actor: e.Actor.String(),
		OccurredAt: e.OccurredAt.UTC().Format("2006-01-02T15:04:05.999999Z07:00"),
		idName:     feed.IDProperty(e.AggregateType), stateName: feed.StateProperty(e.AggregateType), state: e.State,
	}
	return j
}

// MarshalJSON writes the fields, then the state under its name. The state is the outbox's JSON
// as stored: it is not decoded and encoded again.
func (e eventJSON) MarshalJSON() ([]byte, error) {
	type fields eventJSON // without this method
	out, err := json.Marshal(fields(e))
	if err != nil {
		return nil, err
	}
	if e.idName != "" {
		name, _ := json.Marshal(e.idName)
		id, _ := json.Marshal(e.AggregateID)
		out = append(append(append(append(out[:len(out)-1], ','), name...), ':'), id...)
		out = append(out, '}')
	}
	if e.stateName == "" || len(e.state) == 0 {
		return out, nil
	}
	name, _ := json.Marshal(e.stateName)
	buf := bytes.NewBuffer(append(append(append(out[:len(out)-1], ','), name...), ':'))
	if err := json.Compact(buf, e.state); err != nil { // the stored text may carry spaces, never a newline
		return nil, err
	}
	return append(buf.Bytes(), '}'), nil
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
	limit, err := intParamValue(q.Get(paramLimit), paramLimit, defaultEventBatch, 1, feed.MaxBatch)
	if err != nil {
		return err
	}
	only, err := aggregateTypeParam(q.Get(paramAggregateType))
	if err != nil {
		return err
	}
	events, err := s.feed.Handle(c.Request().Context(),
		feed.Query{Actor: Actor(c), After: after, Limit: limit, AggregateType: only})
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
	return WriteJSON(c, http.StatusOK, out)
}

// aggregateTypeParam is the aggregateType= of the feed and the stream: "" (every aggregate) or one
// of feed.AggregateTypes; another value is a 400 that names it.
func aggregateTypeParam(v string) (string, error) {
	if v == "" || feed.IsAggregateType(v) {
		return v, nil
	}
	return "", BadParam(paramAggregateType, "must be one of "+strings.Join(feed.AggregateTypes, ", ")+", not "+strconv.Quote(excerpt(v)))
}

func int64Param(s, name string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, BadParam(name, "must be a non-negative integer")
	}
	return n, nil
}

func intParamValue(s, name string, def, minV, maxV int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < minV || n > maxV {
		return 0, BadParam(name, "must be an integer between "+strconv.Itoa(minV)+" and "+strconv.Itoa(maxV))
	}
	return n, nil
}
