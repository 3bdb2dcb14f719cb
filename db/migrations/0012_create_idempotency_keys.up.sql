-- Outcomes of requests sent with an Idempotency-Key, per caller, kept for 24 hours. A row
-- without a status is a request still running.
CREATE TABLE idempotency_keys (
    caller       uuid NOT NULL,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    status       integer,
    header       jsonb,
    body         bytea,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (caller, key)
);

CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
