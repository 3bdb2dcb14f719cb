package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
)

// HubRepository is the PostgreSQL hub.Repository: hand-written SQL through sqlx for single
// rows, and a goqu builder for the search (hub_search.go).
type HubRepository struct {
	db      *sqlx.DB
	reads   *preparedDB // single-statement reads, through cached prepared statements
	router  *ReadRouter // when set, reads go where it says
	metrics *Metrics    // nil records nothing
}

// RepositoryOption refines NewHubRepository.
type RepositoryOption func(*HubRepository)

// ReadThrough sends the repository's reads (lookups, searches, the event log) through a
// ReadRouter, to read replicas; changes always go to the primary.
func ReadThrough(r *ReadRouter) RepositoryOption {
	return func(repo *HubRepository) { repo.router = r }
}

var _ hub.Repository = (*HubRepository)(nil)

// NewHubRepository returns a repository over db; db must not be nil.
func NewHubRepository(db *sqlx.DB, opts ...RepositoryOption) (*HubRepository, error) {
	if db == nil {
		return nil, errors.New("postgres: NewHubRepository needs a database")
	}
	r := &HubRepository{db: db, reads: newPreparedDB(db)}
	for _, o := range opts {
		o(r)
	}
	return r, nil
}

// reader is where a read under ctx goes: the primary, or the replica the router picks.
func (r *HubRepository) reader(ctx context.Context) (*preparedDB, error) {
	if r.router == nil {
		// Without replicas every read sees every write; a token is still checked, so a client
		// learns of a broken one before it is deployed against replicas.
		if t, ok := consistency.Minimum(ctx); ok {
			if _, err := parseLSN(string(t)); err != nil {
				return nil, err
			}
		}
		return r.reads, nil
	}
	return r.router.reader(ctx)
}

var (
	insertHubSQL = `INSERT INTO hubs (` + strings.Join(hubWriteColumnNames, ", ") + `) VALUES (` + namedParams(hubWriteColumnNames) + `)`

	// name_key is written only when the name's key changes (keep_name_key, see updateRow): a hub
	// the re-key step left with its old key, because another live hub holds its new one, keeps
	// working under the old key until the conflict is resolved. Naming the column either way is
	// what migration 0014's guard asks of a writer that changes hub_name.
	updateHubSQL = `UPDATE hubs SET
		hub_name = :hub_name, name_key = CASE WHEN :keep_name_key THEN name_key ELSE :name_key END,
		hub_manager_id = :hub_manager_id, zip_code = :zip_code,
		address1 = :address1, address2 = :address2, latitude = :latitude, longitude = :longitude,
		is_deleted = :is_deleted, version = :version, updated_at = :updated_at,
		updated_by = :updated_by, deleted_at = :deleted_at, deleted_by = :deleted_by
		WHERE hub_id = :hub_id`

	selectHubSQL       = `SELECT ` + hubColumns + ` FROM hubs WHERE hub_id = $1`
	selectActiveHubSQL = selectHubSQL + ` AND NOT is_deleted`
	lockHubSQL         = selectHubSQL + ` FOR UPDATE`
)

// updateRow is what updateHubSQL binds: the new row, and whether the stored name_key stays.
// It stays when the name's key is the one the name had before the change (an address change, or
// another spelling of the same name): then the stored key is either that key already or an
// older one the re-key step could not replace, which must not turn every change into a 409.
type updateRow struct {
	hubRow
	KeepNameKey bool `db:"keep_name_key"`
}

// Create implements hub.Repository.
func (r *HubRepository) Create(ctx context.Context, h *hub.Hub) error {
	err := inTx(ctx, r.db, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, insertHubSQL, rowOf(h.Snapshot())); err != nil {
			return fmt.Errorf("create hub: %w", hubErrors.mapError(err))
		}
		return appendEvents(ctx, tx, h.PendingEvents())
	})
	if err != nil {
		return r.withHolder(ctx, err, h.Name())
	}
	recordPosition(ctx, r.db)
	return nil
}

// FindByID implements hub.Repository.
func (r *HubRepository) FindByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.readOne(ctx, selectHubSQL, id)
}

// FindActiveByID implements hub.Repository.
func (r *HubRepository) FindActiveByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.readOne(ctx, selectActiveHubSQL, id)
}

func (r *HubRepository) readOne(ctx context.Context, query string, id uuid.UUID) (*hub.Hub, error) {
	q, err := r.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.get(ctx, q, query, id)
}

func (r *HubRepository) get(ctx context.Context, q sqlx.QueryerContext, query string, id uuid.UUID) (*hub.Hub, error) {
	var rows []hubRow // SelectContext rather than GetContext: it goes through QueryxContext
	if err := sqlx.SelectContext(ctx, q, &rows, query, id); err != nil {
		return nil, fmt.Errorf("get hub %s: %w", id, hubErrors.mapError(err))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get hub %s: %w", id, hub.ErrNotFound)
	}
	return rows[0].toHub()
}

// Update implements hub.Repository. The row is locked with SELECT ... FOR UPDATE, so concurrent
// updates of one hub queue up instead of losing each other's changes.
func (r *HubRepository) Update(ctx context.Context, id uuid.UUID, fn func(*hub.Hub) error) (*hub.Hub, error) {
	var updated *hub.Hub
	var attempted string // the name a failed write tried to store
	err := inTx(ctx, r.db, func(tx *sqlx.Tx) error {
		h, err := r.get(ctx, tx, lockHubSQL, id)
		if err != nil {
			return err
		}
		before, keyBefore := h.Version(), names.Key(h.Name())
		if err := fn(h); err != nil {
			return err
		}
		if h.Version() != before {
			row := updateRow{hubRow: rowOf(h.Snapshot())}
			row.KeepNameKey = row.NameKey == keyBefore
			if _, err := tx.NamedExecContext(ctx, updateHubSQL, row); err != nil {
				attempted = h.Name()
				return fmt.Errorf("update hub %s: %w", id, hubErrors.mapError(err))
			}
		}
		if err := appendEvents(ctx, tx, h.PendingEvents()); err != nil {
			return err
		}
		updated = h
		return nil
	})
	if err != nil {
		return nil, r.withHolder(ctx, err, attempted)
	}
	recordPosition(ctx, r.db)
	return updated, nil
}

// Search implements hub.Repository: the search of SearchHubViews (hub_views.go), each row
// rebuilt into an aggregate.
func (r *HubRepository) Search(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[*hub.Hub], error) {
	page, err := r.searchRows(ctx, cond, p)
	if err != nil {
		return paging.Page[*hub.Hub]{}, err
	}
	return paging.MapErr(page, func(v hubViewRow) (*hub.Hub, error) { return v.toHub() })
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
