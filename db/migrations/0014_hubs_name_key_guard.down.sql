DROP TRIGGER IF EXISTS hubs_name_key_2_guard ON hubs;
DROP TRIGGER IF EXISTS hubs_name_key_1_written ON hubs;
DROP FUNCTION IF EXISTS hubs_name_key_guard();
DROP FUNCTION IF EXISTS hubs_name_key_written();
