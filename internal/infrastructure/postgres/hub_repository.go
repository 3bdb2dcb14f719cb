package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// HubRepository is the PostgreSQL hub.Repository: hand-written SQL through sqlx for single
// rows, and a goqu builder for the search (hub_search.go).
type HubRepository struct {
	db    *sqlx.DB
	reads *preparedDB // single-statement reads, through cached prepared statements
}

var (
	_ hub.Repository = (*HubRepository)(nil)
	_ hub.EventLog   = (*HubRepository)(nil)
)

// NewHubRepository returns a repository over db; db must not be nil.
func NewHubRepository(db *sqlx.DB) (*HubRepository, error) {
	if db == nil {
		return nil, errors.New("postgres: NewHubRepository needs a database")
	}
	return &HubRepository{db: db, reads: newPreparedDB(db)}, nil
}

var (
	insertHubSQL = `INSERT INTO hubs (` + hubColumns + `) VALUES (` + namedParams(hubColumnNames) + `)`

	updateHubSQL = `UPDATE hubs SET
		hub_name = :hub_name, hub_manager_id = :hub_manager_id, zip_code = :zip_code,
		address1 = :address1, address2 = :address2, latitude = :latitude, longitude = :longitude,
		is_deleted = :is_deleted, version = :version, updated_at = :updated_at,
		updated_by = :updated_by, deleted_at = :deleted_at, deleted_by = :deleted_by
		WHERE hub_id = :hub_id`

	selectHubSQL       = `SELECT ` + hubColumns + ` FROM hubs WHERE hub_id = $1`
	selectActiveHubSQL = selectHubSQL + ` AND NOT is_deleted`
	lockHubSQL         = selectHubSQL + ` FOR UPDATE`
)

// Create implements hub.Repository.
func (r *HubRepository) Create(ctx context.Context, h *hub.Hub) error {
	return inTx(ctx, r.db, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, insertHubSQL, rowOf(h.Snapshot())); err != nil {
			return fmt.Errorf("create hub: %w", mapError(err))
		}
		return appendEvents(ctx, tx, h.PendingEvents())
	})
}

// FindByID implements hub.Repository.
func (r *HubRepository) FindByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.get(ctx, r.reads, selectHubSQL, id)
}

// FindActiveByID implements hub.Repository.
func (r *HubRepository) FindActiveByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.get(ctx, r.reads, selectActiveHubSQL, id)
}

func (r *HubRepository) get(ctx context.Context, q sqlx.QueryerContext, query string, id uuid.UUID) (*hub.Hub, error) {
	var rows []hubRow // SelectContext rather than GetContext: it goes through QueryxContext
	if err := sqlx.SelectContext(ctx, q, &rows, query, id); err != nil {
		return nil, fmt.Errorf("get hub %s: %w", id, mapError(err))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get hub %s: %w", id, hub.ErrNotFound)
	}
	return rows[0].toHub()
}

// Update implements hub.Repository. The row is locked with SELECT ... FOR UPDATE, so concurrent
// updates of one hub queue up instead of losing each other's changes.
func (r *HubRepository) Update(ctx context.Context, id uuid.UUID, fn func(*hub.Hub) error, opts ...hub.UpdateOption) (*hub.Hub, error) {
	o := hub.ApplyUpdateOptions(opts)
	var updated *hub.Hub
	err := inTx(ctx, r.db, func(tx *sqlx.Tx) error {
		h, err := r.get(ctx, tx, lockHubSQL, id)
		if err != nil {
			return err
		}
		if err := o.Check(h); err != nil {
			return err
		}
		before := h.Version()
		if err := fn(h); err != nil {
			return err
		}
		if h.Version() != before {
			if _, err := tx.NamedExecContext(ctx, updateHubSQL, rowOf(h.Snapshot())); err != nil {
				return fmt.Errorf("update hub %s: %w", id, mapError(err))
			}
		}
		if err := appendEvents(ctx, tx, h.PendingEvents()); err != nil {
			return err
		}
		updated = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	return updated, nil
}

// FindList implements hub.Repository.
func (r *HubRepository) FindList(ctx context.Context, cond hub.SearchCondition) ([]*hub.Hub, error) {
	if err := cond.Validate(); err != nil {
		return nil, err
	}
	pq, err := hubPageQuery(cond, paging.Pageable{Size: hub.MaxListSize})
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, r.reads, pq.content.Limit(hub.MaxListSize), (*hubRow).toHub)
}

// Search implements hub.Repository: one filtered dataset, branched into the content query and,
// only when needed, the count query.
func (r *HubRepository) Search(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[*hub.Hub], error) {
	if err := cond.Validate(); err != nil {
		return paging.Page[*hub.Hub]{}, err
	}
	// A zero Pageable would make goqu drop the LIMIT; callers that skipped NewPageable get its
	// error here rather than every row or a driver error.
	if err := p.Check(); err != nil {
		return paging.Page[*hub.Hub]{}, err
	}
	pq, err := hubPageQuery(cond, p)
	if err != nil {
		return paging.Page[*hub.Hub]{}, err
	}
	return queryPage(ctx, r.reads, pq, p, (*hubRow).toHub)
}

func namedParams(cols []string) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += ":" + c
	}
	return s
}
