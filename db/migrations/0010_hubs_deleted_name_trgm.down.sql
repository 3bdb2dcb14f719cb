DROP INDEX CONCURRENTLY IF EXISTS hubs_deleted_name_trgm;
