DROP INDEX IF EXISTS hubs_live_location;
DROP FUNCTION IF EXISTS earth_point(double precision, double precision);
DROP EXTENSION IF EXISTS cube;
