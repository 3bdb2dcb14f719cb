-- One outbox for every aggregate: hub_events becomes events, whose rows name their aggregate
-- (aggregate_type, aggregate_id) and carry its state in the public JSON its endpoint returns
-- (for a hub, the JSON of GET /hubs/{id}). The rows keep their seq (the sequence is renamed, not
-- replaced, so the next event follows the last one), and their state is rewritten from the
-- table-row JSON the hub events stored before into the endpoint's JSON. state is json, not
-- jsonb, so that it keeps the key order the contract gives (jsonb sorts keys): the feed hands it
-- out as stored. Writers still take one advisory lock right before inserting and hold it until
-- they commit, so seq order stays commit order across every aggregate.
ALTER TABLE hub_events RENAME TO events;
ALTER SEQUENCE hub_events_seq_seq RENAME TO events_seq_seq;
ALTER INDEX hub_events_pkey RENAME TO events_pkey;
ALTER INDEX hub_events_event_id_key RENAME TO events_event_id_key;
DROP INDEX hub_events_hub;
ALTER TABLE events RENAME COLUMN hub_version TO version;
ALTER TABLE events ADD COLUMN aggregate_type text, ADD COLUMN aggregate_id uuid, ADD COLUMN state json;
UPDATE events SET aggregate_type = 'hub', aggregate_id = hub_id, state = json_build_object(
    'hubId', payload->'hub_id', 'hubName', payload->'hub_name', 'hubManagerId', payload->'hub_manager_id',
    'address', json_build_object('zipCode', payload->'zip_code', 'address1', payload->'address1',
        'address2', payload->'address2'),
    'location', CASE WHEN jsonb_typeof(payload->'latitude') = 'number' AND jsonb_typeof(payload->'longitude') = 'number'
        THEN json_build_object('latitude', payload->'latitude', 'longitude', payload->'longitude') END,
    'isDeleted', payload->'is_deleted', 'version', payload->'version',
    'createdAt', payload->'created_at', 'createdBy', payload->'created_by',
    'updatedAt', payload->'updated_at', 'updatedBy', payload->'updated_by',
    'deletedAt', payload->'deleted_at', 'deletedBy', payload->'deleted_by');
ALTER TABLE events
    ALTER COLUMN aggregate_type SET NOT NULL,
    ALTER COLUMN aggregate_id SET NOT NULL,
    ALTER COLUMN state SET NOT NULL,
    DROP COLUMN hub_id,
    DROP COLUMN payload;
ALTER TABLE events RENAME COLUMN event_type TO type;
-- The feed reads seq > n (the primary key); filtered by aggregateType= it reads this index.
CREATE INDEX events_aggregate_type_seq ON events (aggregate_type, seq);
-- An aggregate's history, in version order.
CREATE INDEX events_aggregate ON events (aggregate_type, aggregate_id, version);
