DROP INDEX CONCURRENTLY IF EXISTS hubs_live_manager_name;
