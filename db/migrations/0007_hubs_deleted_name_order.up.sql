-- Deleted hubs by name (and prefix), for masters.
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_deleted_name_order ON hubs (name_key, hub_id) WHERE is_deleted;
