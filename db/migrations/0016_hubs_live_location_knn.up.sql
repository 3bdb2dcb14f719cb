-- The nearest hubs (GET /hubs/nearest): a GiST index of live hubs' positions as points of cube,
-- whose <-> (Euclidean distance) the index serves in k-nearest-neighbour order.
--
-- Only cube, no earthdistance: cube is a trusted extension (a database owner may create it
-- without being superuser, like pg_trgm), earthdistance is not (PostgreSQL 15 refuses it to a
-- non-superuser: "Must be superuser to create this extension"). And earthdistance's ll_to_earth
-- is an SQL function whose body names earth() and cube() unqualified, so it resolves them through
-- the search_path of whoever evaluates it: an expression index on it breaks under pg_restore's
-- empty search_path. earth_point below is the same point, with a SQL-standard body (RETURN):
-- parsed once, here, with its dependencies recorded, whatever the search_path later.
--
-- The point is on the unit sphere: the chord between two points, 2 sin(θ/2) for the central
-- angle θ, grows with θ on [0, π], so ordering by it is ordering by great-circle distance on a
-- sphere of any radius. hubd computes the distance it answers (R = 6371.0088 km) itself.
--
-- Not CONCURRENTLY: this file also creates the extension and the function the index needs, and a
-- migration file runs as one implicit transaction. Building a GiST index of 100,000 hubs takes
-- well under a second; the write lock is held that long.
CREATE EXTENSION IF NOT EXISTS cube;

CREATE FUNCTION earth_point(latitude double precision, longitude double precision) RETURNS cube
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN cube(ARRAY[cos(radians(latitude)) * cos(radians(longitude)),
                      cos(radians(latitude)) * sin(radians(longitude)),
                      sin(radians(latitude))]);

-- A hub has both coordinates or neither (hubs_location_pair), so latitude alone says it has a
-- location. The nearest-hubs query repeats this predicate word for word.
CREATE INDEX hubs_live_location ON hubs USING gist (earth_point(latitude, longitude))
    WHERE NOT is_deleted AND latitude IS NOT NULL;
