-- A manager's live hubs by last change.
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_live_manager_updated ON hubs (hub_manager_id, updated_at, hub_id) WHERE NOT is_deleted;
