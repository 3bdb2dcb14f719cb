-- Migration 0013's NOT NULL refuses a writer that does not compute the name key only when it
-- INSERTs. An UPDATE by such a writer (a hubd from before 0013 during a rolling upgrade, a
-- hand-written statement) sets hub_name and leaves name_key as it was: the hub would be stored
-- under its old name's key, where uniqueness, prefix search, q and the name sort no longer see
-- its new name. These triggers refuse exactly that: an UPDATE that changes hub_name and does not
-- write name_key. hubd writes both columns in every UPDATE of a hub (the re-key step writes only
-- name_key, and does not change hub_name).
--
-- PostgreSQL does not tell a row trigger which columns the UPDATE names, but a trigger declared
-- BEFORE UPDATE OF a column fires only for the UPDATEs that name it. So the first trigger
-- (UPDATE OF name_key) notes the row in a transaction-local setting, and the second (UPDATE OF
-- hub_name; triggers of one event fire in name order) refuses a changed name unless the first
-- noted the row, and clears the note. Comparing values instead cannot tell
-- the two writers apart: hubd's rename from "ＳＥＯＵＬ" to "Seoul" keeps the key, as an older
-- writer's rename keeps the stale one, and SQL cannot compute names.Key to tell which key is
-- right (an approximation such as lower() would refuse hubd's own "Straße" to "STRASSE").
-- What stays unguarded: a transaction that writes only name_key of a hub (not naming hub_name)
-- and later, in another statement, only its hub_name: the note of the first survives to the
-- second. It did write a key, if not necessarily the right one.
CREATE FUNCTION hubs_name_key_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('hubd.name_key_written', NEW.hub_id::text, true);
    RETURN NEW;
END
$$;

CREATE FUNCTION hubs_name_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.hub_name IS DISTINCT FROM OLD.hub_name
       AND current_setting('hubd.name_key_written', true) IS DISTINCT FROM NEW.hub_id::text THEN
        RAISE EXCEPTION 'hub_name of hub % changed without name_key', NEW.hub_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'hubs_name_key_written',
                  HINT = 'name_key must be written with hub_name (names.Key); is this an older hubd than the schema (migration 0014)?';
    END IF;
    PERFORM set_config('hubd.name_key_written', '', true);
    RETURN NEW;
END
$$;

CREATE TRIGGER hubs_name_key_1_written BEFORE UPDATE OF name_key ON hubs
    FOR EACH ROW EXECUTE FUNCTION hubs_name_key_written();

CREATE TRIGGER hubs_name_key_2_guard BEFORE UPDATE OF hub_name ON hubs
    FOR EACH ROW EXECUTE FUNCTION hubs_name_key_guard();
