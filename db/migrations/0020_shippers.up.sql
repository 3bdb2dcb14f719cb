-- Shippers (issue 12): the people who carry parcels for a hub. The rules live in the Go domain
-- (internal/domain/shipper); these constraints are the last line of defence.
--
-- shipper_id is the shipper's user id, given at registration, and the primary key: a user is
-- registered once, and a deleted shipper is restored rather than registered anew (see the
-- README's Decisions), so "one live shipper per id" (409 SHIPPER_EXISTS) is the key itself, and
-- GET, restore, the events and the keyset's tie-breaker each name one row.
CREATE TABLE shippers (
    shipper_id   uuid PRIMARY KEY,
    hub_id       uuid NOT NULL REFERENCES hubs (hub_id),
    shipper_type text NOT NULL CONSTRAINT shippers_type CHECK (shipper_type IN ('SHIPPER_HUB', 'SHIPPER_CUSTOMER')),
    is_deleted   boolean NOT NULL DEFAULT false,
    version      bigint NOT NULL CHECK (version >= 1),
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    updated_at   timestamptz NOT NULL,
    updated_by   uuid NOT NULL,
    deleted_at   timestamptz,
    deleted_by   uuid,
    CONSTRAINT shippers_deleted_state CHECK (is_deleted = (deleted_at IS NOT NULL))
);

-- The rotation's list (the live shippers of a type at a hub, in shipper_id order), hubId= with
-- shipperType=, and the hub-in-use guard's count of a hub's live shippers.
CREATE INDEX shippers_live_rotation ON shippers (hub_id, shipper_type, shipper_id) WHERE NOT is_deleted;
-- hubId= (and hubName=, joined from the hubs a name prefix selects) in the default order.
CREATE INDEX shippers_live_hub_created ON shippers (hub_id, created_at, shipper_id) WHERE NOT is_deleted;
CREATE INDEX shippers_live_hub_updated ON shippers (hub_id, updated_at, shipper_id) WHERE NOT is_deleted;
-- The sorts (each with shipper_id as the tie-breaker); shipperType= alone (two values, half the
-- rows) is a filter on them.
CREATE INDEX shippers_live_created ON shippers (created_at, shipper_id) WHERE NOT is_deleted;
CREATE INDEX shippers_live_updated ON shippers (updated_at, shipper_id) WHERE NOT is_deleted;
-- Deleted shippers are few and only masters look at them.
CREATE INDEX shippers_deleted_created ON shippers (created_at, shipper_id) WHERE is_deleted;
CREATE INDEX shippers_deleted_updated ON shippers (updated_at, shipper_id) WHERE is_deleted;
CREATE INDEX shippers_deleted_hub ON shippers (hub_id, created_at, shipper_id) WHERE is_deleted;

-- The fair rotation's counters (shipper.Turn): one row per hub and type, advanced by one atomic
-- INSERT … ON CONFLICT DO UPDATE SET next_turn = next_turn + 1 per assignment. The row lock
-- lasts that statement's transaction only; the shipper is the (turn mod n)-th live one.
CREATE TABLE shipper_rotations (
    hub_id       uuid NOT NULL REFERENCES hubs (hub_id),
    shipper_type text NOT NULL CONSTRAINT shipper_rotations_type CHECK (shipper_type IN ('SHIPPER_HUB', 'SHIPPER_CUSTOMER')),
    next_turn    bigint NOT NULL DEFAULT 0 CHECK (next_turn >= 0),
    PRIMARY KEY (hub_id, shipper_type)
);
