package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/hub"
)

// eventOrderLock is the advisory lock key writers of hub_events queue on (an arbitrary constant,
// "hubevnt" in ASCII), so that seq order is commit order.
const eventOrderLock = 0x6875626576_6e74

// EventsChannel is the NOTIFY channel a commit with events signals on. It is a wake-up only:
// readers then ask the log what is new.
const EventsChannel = "hub_events"

const insertEventSQL = `INSERT INTO hub_events (event_id, event_type, hub_id, hub_version, actor, occurred_at, payload)
	VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq`

// appendEvents stores the hub's pending events in tx. It is the last thing a change does before
// committing: the lock it takes is held until commit, which orders the writers' commits as
// their seqs (the lock is held only for the commit itself, not for the change).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []hub.Event) error {
	if len(events) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", eventOrderLock); err != nil {
		return fmt.Errorf("order event writers: %w", err)
	}
	var last int64
	for _, e := range events {
		payload, err := json.Marshal(rowOf(e.Hub))
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, insertEventSQL, e.ID, string(e.Type), e.HubID, e.Version,
			e.Actor, e.OccurredAt, payload).Scan(&last); err != nil {
			return fmt.Errorf("store event: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", EventsChannel, fmt.Sprint(last)); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

type eventRow struct {
	Seq        int64     `db:"seq"`
	EventID    uuid.UUID `db:"event_id"`
	EventType  string    `db:"event_type"`
	HubID      uuid.UUID `db:"hub_id"`
	HubVersion int64     `db:"hub_version"`
	Actor      uuid.UUID `db:"actor"`
	OccurredAt time.Time `db:"occurred_at"`
	Payload    []byte    `db:"payload"`
}

const selectEventsSQL = `SELECT seq, event_id, event_type, hub_id, hub_version, actor, occurred_at, payload
	FROM hub_events WHERE seq > $1 ORDER BY seq LIMIT $2`

// EventsAfter implements hub.EventLog.
func (r *HubRepository) EventsAfter(ctx context.Context, after int64, limit int) ([]hub.StoredEvent, error) {
	q, err := r.reader(ctx)
	if err != nil {
		return nil, err
	}
	var rows []eventRow
	if err := sqlx.SelectContext(ctx, q, &rows, selectEventsSQL, after, limit); err != nil {
		return nil, fmt.Errorf("read events: %w", mapError(err))
	}
	out := make([]hub.StoredEvent, len(rows))
	for i, row := range rows {
		var state hubRow
		if err := json.Unmarshal(row.Payload, &state); err != nil {
			return nil, fmt.Errorf("event %d: %w", row.Seq, err)
		}
		out[i] = hub.StoredEvent{Seq: row.Seq, Event: hub.Event{
			ID: row.EventID, Type: hub.EventType(row.EventType), HubID: row.HubID, Version: row.HubVersion,
			Actor: row.Actor, OccurredAt: row.OccurredAt.UTC(), Hub: state.snapshot(),
		}}
	}
	return out, nil
}
