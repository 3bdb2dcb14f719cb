DROP INDEX CONCURRENTLY IF EXISTS idempotency_keys_caller_kept;
