-- Deleted hubs by any part of the name, for masters.
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_deleted_name_trgm ON hubs USING gin (name_key gin_trgm_ops) WHERE is_deleted;
