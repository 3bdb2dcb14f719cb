-- Live hubs by any part of the name: the contains search (q).
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_live_name_trgm ON hubs USING gin (name_key gin_trgm_ops) WHERE NOT is_deleted;
