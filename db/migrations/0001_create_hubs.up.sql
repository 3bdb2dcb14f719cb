-- Hubs. The rules (name length, address, location range, who may change what) live in the Go
-- domain; the constraints here are a last line of defence, not the place the rules are decided.
CREATE TABLE hubs (
    hub_id         uuid PRIMARY KEY,
    hub_name       text NOT NULL,
    -- The case-folded name, with byte order ("C"), is what uniqueness, prefix search and the
    -- hubName sort use: one expression, so one index serves all three.
    name_key       text COLLATE "C" GENERATED ALWAYS AS (lower(hub_name)) STORED,
    hub_manager_id uuid,
    zip_code       text NOT NULL DEFAULT '',
    address1       text NOT NULL,
    address2       text NOT NULL DEFAULT '',
    latitude       double precision,
    longitude      double precision,
    is_deleted     boolean NOT NULL DEFAULT false,
    version        bigint NOT NULL CHECK (version >= 1),
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    updated_at     timestamptz NOT NULL,
    updated_by     uuid NOT NULL,
    deleted_at     timestamptz,
    deleted_by     uuid,
    CONSTRAINT hubs_location_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT hubs_deleted_state CHECK (is_deleted = (deleted_at IS NOT NULL))
);

-- A live hub's name is unique ignoring case; a deleted hub's name may be reused.
CREATE UNIQUE INDEX hubs_live_name_key ON hubs (name_key) WHERE NOT is_deleted;

CREATE INDEX hubs_live_created ON hubs (created_at, hub_id) WHERE NOT is_deleted;
CREATE INDEX hubs_live_updated ON hubs (updated_at, hub_id) WHERE NOT is_deleted;
CREATE INDEX hubs_live_manager ON hubs (hub_manager_id, created_at, hub_id) WHERE NOT is_deleted;

-- Deleted hubs are few and only masters look at them; one index keeps that search cheap.
CREATE INDEX hubs_deleted_created ON hubs (created_at, hub_id) WHERE is_deleted;
