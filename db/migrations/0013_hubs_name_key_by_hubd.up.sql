-- The name key moves from the database to hubd. name_key was lower(hub_name), GENERATED; it is
-- now Unicode's NFKC_Casefold with white space collapsed (internal/domain/names.Key), which SQL
-- cannot compute exactly (PostgreSQL 15 has normalize() but neither full case folding nor the
-- default-ignorable set), so hubd writes it with every row. The column keeps its values and
-- every index on it, the unique one included; hubd's re-key step (postgres.RekeyHubNames, run
-- after the migrations by `hubd migrate up` and `hubd serve`) rewrites the keys of existing rows
-- and records in name_key_versions under which definition of the key they were computed.
ALTER TABLE hubs ALTER COLUMN name_key DROP EXPRESSION;

-- An INSERT by a writer that does not compute the key (an older hubd during a rolling upgrade, a
-- hand-written INSERT) is refused rather than allowed to store a row no uniqueness check sees.
-- This guards INSERTs only: such a writer's UPDATE of hub_name would keep the old name's key.
-- Migration 0014 refuses that.
ALTER TABLE hubs ALTER COLUMN name_key SET NOT NULL;

-- One row per table whose keys are all computed under names.Version; no row, or another
-- version: the re-key step has work to do (or left conflicts to resolve).
CREATE TABLE name_key_versions (
    table_name text PRIMARY KEY,
    version    text NOT NULL,
    rekeyed_at timestamptz NOT NULL
);
