-- Back to hub_events: only hub events have a place there (no other aggregate writes events
-- before this migration), their state goes back to the table-row JSON the old code reads.
DELETE FROM events WHERE aggregate_type <> 'hub';
DROP INDEX events_aggregate;
DROP INDEX events_aggregate_type_seq;
ALTER TABLE events RENAME COLUMN type TO event_type;
ALTER TABLE events ADD COLUMN hub_id uuid, ADD COLUMN payload jsonb;
UPDATE events SET hub_id = aggregate_id, payload = jsonb_build_object(
    'hub_id', state->'hubId', 'hub_name', state->'hubName', 'hub_manager_id', state->'hubManagerId',
    'zip_code', state->'address'->'zipCode', 'address1', state->'address'->'address1',
    'address2', state->'address'->'address2',
    'latitude', coalesce((state->'location'->'latitude')::jsonb, 'null'::jsonb),
    'longitude', coalesce((state->'location'->'longitude')::jsonb, 'null'::jsonb),
    'is_deleted', state->'isDeleted', 'version', state->'version',
    'created_at', state->'createdAt', 'created_by', state->'createdBy',
    'updated_at', state->'updatedAt', 'updated_by', state->'updatedBy',
    'deleted_at', state->'deletedAt', 'deleted_by', state->'deletedBy');
ALTER TABLE events
    ALTER COLUMN hub_id SET NOT NULL,
    ALTER COLUMN payload SET NOT NULL,
    DROP COLUMN aggregate_type,
    DROP COLUMN aggregate_id,
    DROP COLUMN state;
ALTER TABLE events RENAME COLUMN version TO hub_version;
ALTER INDEX events_event_id_key RENAME TO hub_events_event_id_key;
ALTER INDEX events_pkey RENAME TO hub_events_pkey;
ALTER SEQUENCE events_seq_seq RENAME TO hub_events_seq_seq;
ALTER TABLE events RENAME TO hub_events;
-- Column order differs from 0011's (hub_id and payload come last); the code names its columns.
CREATE INDEX hub_events_hub ON hub_events (hub_id, hub_version);
