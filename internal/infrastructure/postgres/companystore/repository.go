package companystore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Repository is the PostgreSQL company.Repository, the company queries' read models and the
// company commands' reader of hubs, on the shared store.
type Repository struct {
	store *postgres.Store
}

var _ company.Repository = (*Repository)(nil)

// New returns the company adapter over store, which must have a database.
func New(store *postgres.Store) (*Repository, error) {
	if err := store.Check(); err != nil {
		return nil, fmt.Errorf("companystore: %w", err)
	}
	return &Repository{store: store}, nil
}

func namedParams(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = ":" + c
	}
	return strings.Join(out, ", ")
}

var (
	insertCompanySQL = `INSERT INTO companies (` + columns + `) VALUES (` + namedParams(columnNames) + `)`
	// A company's id and creation never change: the update sets the rest. name_key is always
	// written with the name (the key of today's names.Version; companies have no re-key step).
	updateCompanySQL = `UPDATE companies SET company_name = :company_name, name_key = :name_key,
		hub_id = :hub_id, company_manager_id = :company_manager_id, zip_code = :zip_code,
		address1 = :address1, address2 = :address2, is_deleted = :is_deleted, version = :version,
		updated_at = :updated_at, updated_by = :updated_by, deleted_at = :deleted_at, deleted_by = :deleted_by
		WHERE company_id = :company_id`

	selectCompanySQL       = `SELECT ` + viewColumns + ` FROM companies WHERE company_id = $1`
	selectActiveCompanySQL = selectCompanySQL + ` AND NOT is_deleted`
	lockCompanySQL         = selectCompanySQL + ` FOR UPDATE`
)

// Create implements company.Repository.
func (r *Repository) Create(ctx context.Context, c *company.Company) error {
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, insertCompanySQL, rowOf(c.Snapshot())); err != nil {
			return fmt.Errorf("create company: %w", companyErrors.Map(err))
		}
		return appendEvents(ctx, tx, c.PendingEvents())
	})
	return r.withHolder(ctx, err, c.Name())
}

// FindByID implements company.Repository.
func (r *Repository) FindByID(ctx context.Context, id uuid.UUID) (*company.Company, error) {
	return r.find(ctx, selectCompanySQL, id)
}

// FindActiveByID implements company.Repository.
func (r *Repository) FindActiveByID(ctx context.Context, id uuid.UUID) (*company.Company, error) {
	return r.find(ctx, selectActiveCompanySQL, id)
}

func (r *Repository) find(ctx context.Context, sqlText string, id uuid.UUID) (*company.Company, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return get(ctx, q, sqlText, id)
}

func get(ctx context.Context, q sqlx.QueryerContext, sqlText string, id uuid.UUID) (*company.Company, error) {
	rows, err := scanCompanies(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return nil, fmt.Errorf("get company %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get company %s: %w", id, company.ErrNotFound)
	}
	return company.UnmarshalFromDatabase(rows[0].Snapshot())
}

// Update implements company.Repository: the row is locked with SELECT ... FOR UPDATE, so
// concurrent changes of one company queue up; it is written with its events when fn moved its
// version.
func (r *Repository) Update(ctx context.Context, id uuid.UUID, fn func(*company.Company) error) (*company.Company, error) {
	var changed *company.Company
	var attempted string // the name a failed write tried to store
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		c, err := get(ctx, tx, lockCompanySQL, id)
		if err != nil {
			return err
		}
		before := c.Version()
		if err := fn(c); err != nil {
			return err
		}
		changed = c
		if c.Version() == before {
			return nil
		}
		if _, err := tx.NamedExecContext(ctx, updateCompanySQL, rowOf(c.Snapshot())); err != nil {
			attempted = c.Name()
			return fmt.Errorf("update company %s: %w", id, companyErrors.Map(err))
		}
		return appendEvents(ctx, tx, c.PendingEvents())
	})
	if err != nil {
		return nil, r.withHolder(ctx, err, attempted)
	}
	return changed, nil
}

// appendEvents stores the company's pending events in tx, through the shared outbox, with the
// company's state in its public JSON (query.CompanyState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []company.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateCompany, events, query.CompanyStateOf)
}
