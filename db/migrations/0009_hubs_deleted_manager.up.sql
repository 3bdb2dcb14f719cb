-- A manager's deleted hubs, for masters.
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_deleted_manager ON hubs (hub_manager_id, created_at, hub_id) WHERE is_deleted;
