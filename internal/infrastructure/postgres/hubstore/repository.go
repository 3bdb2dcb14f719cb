package hubstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Repository is the PostgreSQL hub.Repository and the hub queries' read models: hand-written SQL
// through sqlx for single rows, and the shared goqu search (search.go), on the shared store.
type Repository struct {
	store *postgres.Store
}

var _ hub.Repository = (*Repository)(nil)

// New returns the hub adapter over store, which must have a database.
func New(store *postgres.Store) (*Repository, error) {
	if err := store.Check(); err != nil {
		return nil, fmt.Errorf("hubstore: %w", err)
	}
	return &Repository{store: store}, nil
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
func (r *Repository) Create(ctx context.Context, h *hub.Hub) error {
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, insertHubSQL, rowOf(h.Snapshot())); err != nil {
			return fmt.Errorf("create hub: %w", hubErrors.Map(err))
		}
		return appendEvents(ctx, tx, h.PendingEvents())
	})
	return r.withHolder(ctx, err, h.Name())
}

// FindByID implements hub.Repository.
func (r *Repository) FindByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.readOne(ctx, selectHubSQL, id)
}

// FindActiveByID implements hub.Repository.
func (r *Repository) FindActiveByID(ctx context.Context, id uuid.UUID) (*hub.Hub, error) {
	return r.readOne(ctx, selectActiveHubSQL, id)
}

func (r *Repository) readOne(ctx context.Context, query string, id uuid.UUID) (*hub.Hub, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.get(ctx, q, query, id)
}

func (r *Repository) get(ctx context.Context, q sqlx.QueryerContext, query string, id uuid.UUID) (*hub.Hub, error) {
	var rows []hubRow // SelectContext rather than GetContext: it goes through QueryxContext
	if err := sqlx.SelectContext(ctx, q, &rows, query, id); err != nil {
		return nil, fmt.Errorf("get hub %s: %w", id, hubErrors.Map(err))
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get hub %s: %w", id, hub.ErrNotFound)
	}
	return rows[0].toHub()
}

// Update implements hub.Repository. The row is locked with SELECT ... FOR UPDATE, so concurrent
// updates of one hub queue up instead of losing each other's changes.
func (r *Repository) Update(ctx context.Context, id uuid.UUID, fn func(*hub.Hub) error) (*hub.Hub, error) {
	var updated *hub.Hub
	var attempted string // the name a failed write tried to store
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
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
				return fmt.Errorf("update hub %s: %w", id, hubErrors.Map(err))
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
	return updated, nil
}

// Search implements hub.Repository: the search of SearchHubViews (views.go), each row
// rebuilt into an aggregate.
func (r *Repository) Search(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[*hub.Hub], error) {
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

// Store is the shared store the adapter is built on, whose outbox its changes write.
func (r *Repository) Store() *postgres.Store { return r.store }

// appendEvents stores the hub's pending events in tx, through the shared outbox, with the
// hub's state in its public JSON (query.HubState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []hub.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateHub, events, query.HubStateOf)
}
