package companystore

import (
	"context"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// liveNameIndex is migration 0021's partial unique index that keeps live names unique.
const liveNameIndex = "companies_live_name_key"

// companyErrors is what driver errors mean to the company adapter. The hub foreign key refuses a
// hub that does not exist at all; the commands find a deleted one before writing.
var companyErrors = postgres.ErrorMap{
	NoRows: company.ErrNotFound,
	Constraints: map[string]error{
		liveNameIndex:                company.ErrNameTaken,
		"companies_hub_id_fkey":      company.ErrHubNotFound,
		"companies_name_key_present": company.ErrInvalid,
	},
}

// liveHolderSQL finds the live company holding a name key; the live-name index serves it.
const liveHolderSQL = `SELECT company_id FROM companies WHERE NOT is_deleted AND name_key = $1`

// withHolder turns a refusal by the live-name index into a *company.NameTakenError naming the
// company that holds name (postgres.WithHolder).
func (r *Repository) withHolder(ctx context.Context, err error, name string) error {
	if name == "" {
		return err
	}
	return postgres.WithHolder(ctx, r.store.Primary(), err, company.ErrNameTaken,
		func(id uuid.UUID) error { return &company.NameTakenError{HolderID: id} }, liveHolderSQL, names.Key(name))
}
