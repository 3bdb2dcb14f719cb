package feed

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/domain/kernel"
)

// MaxBatch caps one read of the feed.
const MaxBatch = 1000

// aggregates are the aggregates whose changes the feed carries: the type aggregateType= names
// them by, the property an event carries the aggregate's state under, and the one it repeats
// the id under (IDProperty). One table, so that a type the feed accepts always has its state's
// name.
var aggregates = []struct{ typ, state, id string }{
	{"hub", "hub", "hubId"}, {"hub-route", "route", ""}, {"shipper", "shipper", ""}, {"company", "company", ""},
}

// AggregateTypes are the aggregates whose changes the feed carries, as aggregateType= names them.
var AggregateTypes = func() []string {
	out := make([]string, len(aggregates))
	for i, a := range aggregates {
		out[i] = a.typ
	}
	return out
}()

// StateProperty is the property an event of aggregate type t carries its state under; "" for a
// type the feed does not carry.
func StateProperty(t string) string {
	for _, a := range aggregates {
		if a.typ == t {
			return a.state
		}
	}
	return ""
}

// IDProperty is the property an event of aggregate type t repeats its aggregate id under, for
// the followers that read it from before aggregateId existed: hub events keep their hubId. ""
// for the other types.
func IDProperty(t string) string {
	for _, a := range aggregates {
		if a.typ == t {
			return a.id
		}
	}
	return ""
}

// IsAggregateType says whether t is one of AggregateTypes.
func IsAggregateType(t string) bool { return slices.Contains(AggregateTypes, t) }

// Query asks for the events after a position of the feed.
type Query struct {
	Actor access.Actor
	After int64
	Limit int
	// AggregateType, when set (one of AggregateTypes), keeps only that aggregate's events.
	AggregateType string
}

// Event is the read model of one event of any aggregate.
type Event struct {
	Seq           int64
	ID            uuid.UUID
	AggregateType string
	AggregateID   uuid.UUID
	Type          string
	Version       int64
	Actor         uuid.UUID
	OccurredAt    time.Time
	// State is the aggregate's state after the change, in the JSON its endpoint returns (for a
	// hub, a HubState), as the outbox stored it.
	State json.RawMessage
}

// Log reads the outbox, the one commit-ordered log of every aggregate's events.
type Log interface {
	// EventsAfter returns at most limit events whose Seq is greater than after, in Seq order;
	// of aggregateType only, unless it is "".
	EventsAfter(ctx context.Context, after int64, limit int, aggregateType string) ([]Event, error)
	// Head is the Seq of the newest event, 0 when there is none.
	Head(ctx context.Context) (int64, error)
}

// Handler reads the feed, in commit order; MASTER and SERVER only. It shows deleted
// hubs' events too: a follower must learn of the deletion.
type Handler struct{ log Log }

// NewHandler refuses a nil log.
func NewHandler(log Log) (Handler, error) {
	if log == nil {
		return Handler{}, errors.New("feed: an event log is required")
	}
	return Handler{log}, nil
}

// ErrUnknownAggregateType says Query.AggregateType is not one of AggregateTypes.
var ErrUnknownAggregateType = kernel.NewError(kernel.Invalid, "INVALID_PARAMETER", "feed: unknown aggregate type").
	WithDetail("aggregateType must be one of "+strings.Join(AggregateTypes, ", ")).WithField("aggregateType", "is not an aggregate type the feed carries")

// Handle returns at most Limit (1 to MaxBatch) events after After.
func (h Handler) Handle(ctx context.Context, q Query) ([]Event, error) {
	if !q.Actor.CanFollowEvents() {
		return nil, access.ErrForbidden
	}
	if q.AggregateType != "" && !IsAggregateType(q.AggregateType) {
		return nil, ErrUnknownAggregateType
	}
	return h.read(ctx, q.After, q.Limit, q.AggregateType)
}

// read is Handle without the checks, for callers that made them already (the streams).
func (h Handler) read(ctx context.Context, after int64, limit int, aggregateType string) ([]Event, error) {
	return h.log.EventsAfter(ctx, max(after, 0), min(max(limit, 1), MaxBatch), aggregateType)
}
