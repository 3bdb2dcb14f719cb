-- The transactional outbox: every change of a hub writes one row here in the same transaction.
-- seq is handed out in commit order: writers take a transaction-scoped advisory lock right
-- before inserting their event and keep it until they commit (see the repository), so a reader
-- that asks for seq > n never misses an event that commits later with a smaller seq.
CREATE TABLE hub_events (
    seq         bigserial PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE,
    event_type  text NOT NULL,
    hub_id      uuid NOT NULL,
    hub_version bigint NOT NULL,
    actor       uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload     jsonb NOT NULL
);

CREATE INDEX hub_events_hub ON hub_events (hub_id, hub_version);
