-- Back to the key PostgreSQL computes, lower(hub_name). PostgreSQL 15 cannot put a generation
-- expression back on an existing column, so the column goes (taking its indexes with it) and
-- comes back generated, with the indexes of migrations 0001, 0003, 0004, 0005, 0007 and 0010
-- (built here in the transaction rather than concurrently: this is a downgrade).
DROP TABLE IF EXISTS name_key_versions;
ALTER TABLE hubs DROP COLUMN name_key;
ALTER TABLE hubs ADD COLUMN name_key text COLLATE "C" GENERATED ALWAYS AS (lower(hub_name)) STORED;
CREATE UNIQUE INDEX hubs_live_name_key ON hubs (name_key) WHERE NOT is_deleted;
CREATE INDEX hubs_live_name_order ON hubs (name_key, hub_id) WHERE NOT is_deleted;
CREATE INDEX hubs_live_name_trgm ON hubs USING gin (name_key gin_trgm_ops) WHERE NOT is_deleted;
CREATE INDEX hubs_live_manager_name ON hubs (hub_manager_id, name_key, hub_id) WHERE NOT is_deleted;
CREATE INDEX hubs_deleted_name_order ON hubs (name_key, hub_id) WHERE is_deleted;
CREATE INDEX hubs_deleted_name_trgm ON hubs USING gin (name_key gin_trgm_ops) WHERE is_deleted;
