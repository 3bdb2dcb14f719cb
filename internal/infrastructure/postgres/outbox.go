package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/jmoiron/sqlx"
)

// eventOrderLock is the advisory lock key every writer of the events table queues on (an
// arbitrary constant, "hubevnt" in ASCII, kept from when only hubs had events), so that seq
// order is commit order across every aggregate.
const eventOrderLock = 0x6875626576_6e74

// EventsChannel is the NOTIFY channel a commit with events of any aggregate signals on. It is a
// wake-up only: readers then ask the log what is new.
const EventsChannel = "events"

// OutboxEvent is one event as the outbox stores it, for any aggregate: State is the aggregate's
// public JSON (the JSON its endpoint returns), which the feed hands on as it is.
type OutboxEvent struct {
	ID            uuid.UUID
	AggregateType string
	AggregateID   uuid.UUID
	Type          string
	Version       int64 // the aggregate's version after the change
	Actor         uuid.UUID
	OccurredAt    time.Time
	State         json.RawMessage
}

// AppendEvents stores an aggregate's pending events in tx through the shared outbox (AppendOutbox),
// each with its state in its public JSON (state of the event's snapshot). Every aggregate's
// adapter appends through it, so an event row is written the same way whatever it is of.
func AppendEvents[T ~string, S, J any](ctx context.Context, tx *sqlx.Tx, aggregateType string, events []record.Event[T, S], state func(S) J) error {
	out := make([]OutboxEvent, len(events))
	for i, e := range events {
		st, err := json.Marshal(state(e.State))
		if err != nil {
			return err
		}
		out[i] = OutboxEvent{
			ID: e.ID, AggregateType: aggregateType, AggregateID: e.RecordID, Type: string(e.Type),
			Version: e.Version, Actor: e.Actor, OccurredAt: e.OccurredAt, State: st,
		}
	}
	return AppendOutbox(ctx, tx, out)
}

const insertEventSQL = `INSERT INTO events (event_id, aggregate_type, aggregate_id, type, version, actor, occurred_at, state)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq`

// AppendOutbox stores events in tx, for any aggregate's adapter. It is the last thing a change
// does before committing: the lock it takes is held until commit (inTx commits right after fn),
// which orders the writers' commits as their seqs (the lock is held only for the commit itself,
// not for the change). The commit then notifies EventsChannel. The last seq goes to the
// context's consistency Recorder, so the change's token names the feed position a follower of the
// feed must have applied to see it.
func AppendOutbox(ctx context.Context, tx *sqlx.Tx, events []OutboxEvent) error {
	if len(events) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", eventOrderLock); err != nil {
		return fmt.Errorf("order event writers: %w", err)
	}
	var last int64
	for _, e := range events {
		if err := tx.QueryRowContext(ctx, insertEventSQL, e.ID, e.AggregateType, e.AggregateID, e.Type, e.Version,
			e.Actor, e.OccurredAt, []byte(e.State)).Scan(&last); err != nil {
			return fmt.Errorf("store event: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", EventsChannel, fmt.Sprint(last)); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	if rec := consistency.RecorderFrom(ctx); rec != nil {
		rec.RecordSeq(last)
	}
	return nil
}

type eventRow struct {
	Seq           int64     `db:"seq"`
	EventID       uuid.UUID `db:"event_id"`
	AggregateType string    `db:"aggregate_type"`
	AggregateID   uuid.UUID `db:"aggregate_id"`
	Type          string    `db:"type"`
	Version       int64     `db:"version"`
	Actor         uuid.UUID `db:"actor"`
	OccurredAt    time.Time `db:"occurred_at"`
	State         []byte    `db:"state"`
}

const (
	eventColumns = `seq, event_id, aggregate_type, aggregate_id, type, version, actor, occurred_at, state`
	// selectEventsSQL reads the primary key; selectEventsOfSQL the (aggregate_type, seq) index.
	selectEventsSQL   = `SELECT ` + eventColumns + ` FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`
	selectEventsOfSQL = `SELECT ` + eventColumns + ` FROM events WHERE aggregate_type = $3 AND seq > $1 ORDER BY seq LIMIT $2`
)

// readOutbox reads at most limit events after seq after from q, of aggregateType only unless
// it is "", straight into the feed's views.
func readOutbox(ctx context.Context, q sqlx.QueryerContext, after int64, limit int, aggregateType string) ([]feed.Event, error) {
	var rows []eventRow
	var err error
	if aggregateType == "" {
		err = sqlx.SelectContext(ctx, q, &rows, selectEventsSQL, after, limit)
	} else {
		err = sqlx.SelectContext(ctx, q, &rows, selectEventsOfSQL, after, limit, aggregateType)
	}
	if err != nil {
		return nil, fmt.Errorf("read events: %w", mapError(err))
	}
	out := make([]feed.Event, len(rows))
	for i, r := range rows {
		out[i] = feed.Event{
			Seq: r.Seq, ID: r.EventID, AggregateType: r.AggregateType, AggregateID: r.AggregateID,
			Type: r.Type, Version: r.Version, Actor: r.Actor, OccurredAt: r.OccurredAt.UTC(), State: r.State,
		}
	}
	return out, nil
}
