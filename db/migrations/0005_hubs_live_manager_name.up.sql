-- A manager's live hubs by name.
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_live_manager_name ON hubs (hub_manager_id, name_key, hub_id) WHERE NOT is_deleted;
