-- Routes between hubs (issue 11): a directed link a truck drives, with its road distance and its
-- usual time. The rules live in the Go domain (internal/domain/route); these constraints are the
-- last line of defence.
CREATE TABLE hub_routes (
    route_id             uuid PRIMARY KEY,
    departure_hub_id     uuid NOT NULL REFERENCES hubs (hub_id),
    arrival_hub_id       uuid NOT NULL REFERENCES hubs (hub_id),
    -- numeric(7,3): at most 3 decimals and 2000 km, exactly as written; no float noise in sums.
    distance_km          numeric(7, 3) NOT NULL CHECK (distance_km > 0 AND distance_km <= 2000),
    duration_minutes     integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 10080),
    is_deleted           boolean NOT NULL DEFAULT false,
    version              bigint NOT NULL CHECK (version >= 1),
    created_at           timestamptz NOT NULL,
    created_by           uuid NOT NULL,
    updated_at           timestamptz NOT NULL,
    updated_by           uuid NOT NULL,
    deleted_at           timestamptz,
    deleted_by           uuid,
    -- The hub deletion that removed this route (route.Cascade): the hub and the version its
    -- deletion gave it. Restoring that hub restores exactly the routes it marked.
    deleted_with_hub_id      uuid,
    deleted_with_hub_version bigint,
    CONSTRAINT hub_routes_two_hubs CHECK (departure_hub_id <> arrival_hub_id),
    CONSTRAINT hub_routes_deleted_state CHECK (is_deleted = (deleted_at IS NOT NULL)),
    CONSTRAINT hub_routes_cascade_pair CHECK ((deleted_with_hub_id IS NULL) = (deleted_with_hub_version IS NULL)),
    CONSTRAINT hub_routes_cascade_deleted CHECK (deleted_with_hub_id IS NULL OR is_deleted)
);

-- One live route per ordered pair (409 ROUTE_EXISTS); it also serves departureHubId= and the
-- departure side of hubId=.
CREATE UNIQUE INDEX hub_routes_live_pair ON hub_routes (departure_hub_id, arrival_hub_id) WHERE NOT is_deleted;
-- arrivalHubId= and the arrival side of hubId=, and the cascade's look-up of a hub's routes.
CREATE INDEX hub_routes_live_arrival ON hub_routes (arrival_hub_id, created_at, route_id) WHERE NOT is_deleted;
-- The default order and the sorts (each with route_id as the tie-breaker).
CREATE INDEX hub_routes_live_created ON hub_routes (created_at, route_id) WHERE NOT is_deleted;
CREATE INDEX hub_routes_live_distance ON hub_routes (distance_km, route_id) WHERE NOT is_deleted;
CREATE INDEX hub_routes_live_duration ON hub_routes (duration_minutes, route_id) WHERE NOT is_deleted;
-- Deleted routes are few and only masters look at them; restoring a hub finds its marked ones.
CREATE INDEX hub_routes_deleted_created ON hub_routes (created_at, route_id) WHERE is_deleted;
CREATE INDEX hub_routes_cascade ON hub_routes (deleted_with_hub_id, deleted_with_hub_version) WHERE deleted_with_hub_id IS NOT NULL;
