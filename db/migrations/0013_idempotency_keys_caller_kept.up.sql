-- The kept outcomes of one caller, newest first: keeping one more forgets the caller's oldest
-- beyond the limit (idempotency.MaxKeysPerCaller), and this index serves that walk.
-- CONCURRENTLY, so that building it does not block writes; alone in its file because
-- CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idempotency_keys_caller_kept ON idempotency_keys (caller, expires_at, key) WHERE status IS NOT NULL;
