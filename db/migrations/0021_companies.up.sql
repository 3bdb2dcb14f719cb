-- Companies (issue 12): the businesses a hub serves. The rules live in the Go domain
-- (internal/domain/company); these constraints are the last line of defence.
CREATE TABLE companies (
    company_id         uuid PRIMARY KEY,
    company_name       text NOT NULL,
    -- names.Key(company_name), written by hubd with every write of the name (as hubs.name_key
    -- since migration 0013): uniqueness, the companyName prefix and the companyName sort. "C",
    -- so LIKE 'abc%' is a range on it and the sort is the key's byte order.
    name_key           text COLLATE "C" NOT NULL CONSTRAINT companies_name_key_present CHECK (name_key <> ''),
    hub_id             uuid NOT NULL REFERENCES hubs (hub_id),
    company_manager_id uuid,
    zip_code           text NOT NULL DEFAULT '',
    address1           text NOT NULL,
    address2           text NOT NULL DEFAULT '',
    is_deleted         boolean NOT NULL DEFAULT false,
    version            bigint NOT NULL CHECK (version >= 1),
    created_at         timestamptz NOT NULL,
    created_by         uuid NOT NULL,
    updated_at         timestamptz NOT NULL,
    updated_by         uuid NOT NULL,
    deleted_at         timestamptz,
    deleted_by         uuid,
    CONSTRAINT companies_deleted_state CHECK (is_deleted = (deleted_at IS NOT NULL))
);

-- A live company's name is unique by its key (409 COMPANY_NAME_TAKEN); a deleted one's may be reused.
CREATE UNIQUE INDEX companies_live_name_key ON companies (name_key) WHERE NOT is_deleted;
-- The companyName sort, its keyset and the companyName prefix (a range on the "C" key).
CREATE INDEX companies_live_name_order ON companies (name_key, company_id) WHERE NOT is_deleted;
-- The other sorts (each with company_id as the tie-breaker).
CREATE INDEX companies_live_created ON companies (created_at, company_id) WHERE NOT is_deleted;
CREATE INDEX companies_live_updated ON companies (updated_at, company_id) WHERE NOT is_deleted;
-- hubId= (and hubName=, joined from the hubs a name prefix selects on hubs' name_key indexes),
-- and the hub-in-use guard's count of a hub's live companies.
CREATE INDEX companies_live_hub ON companies (hub_id, created_at, company_id) WHERE NOT is_deleted;
-- companyManagerId= (me), in the default order and by name.
CREATE INDEX companies_live_manager ON companies (company_manager_id, created_at, company_id) WHERE NOT is_deleted;
CREATE INDEX companies_live_manager_name ON companies (company_manager_id, name_key, company_id) WHERE NOT is_deleted;
-- Deleted companies are few and only masters look at them.
CREATE INDEX companies_deleted_created ON companies (created_at, company_id) WHERE is_deleted;
CREATE INDEX companies_deleted_name_order ON companies (name_key, company_id) WHERE is_deleted;
CREATE INDEX companies_deleted_hub ON companies (hub_id, created_at, company_id) WHERE is_deleted;
