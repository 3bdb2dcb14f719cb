-- Live hubs by name: the hubName sort, its keyset, and prefix search (name_key is "C", so LIKE
-- 'abc%' is a range on it).
-- CONCURRENTLY, so that building it on a large table does not block writes; alone in its file
-- because CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hubs_live_name_order ON hubs (name_key, hub_id) WHERE NOT is_deleted;
