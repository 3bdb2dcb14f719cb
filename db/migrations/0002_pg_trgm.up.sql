-- Trigram matching, for the contains search (q). Trusted since PostgreSQL 13: a database owner
-- may create it without being superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
