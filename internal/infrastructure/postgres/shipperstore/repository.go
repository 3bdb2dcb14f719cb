package shipperstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/shipper/command"
	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Repository is the PostgreSQL shipper.Repository, shipper.Rotation, the shipper queries' read
// models and the shipper commands' reader of hubs, on the shared store.
type Repository struct {
	store *postgres.Store
}

var (
	_ shipper.Repository = (*Repository)(nil)
	_ command.HubHolder  = (*Repository)(nil)
)

// New returns the shipper adapter over store, which must have a database.
func New(store *postgres.Store) (*Repository, error) {
	if err := store.Check(); err != nil {
		return nil, fmt.Errorf("shipperstore: %w", err)
	}
	return &Repository{store: store}, nil
}

// shipperErrors is what driver errors mean to the shipper adapter: the foreign key refuses a hub
// that does not exist at all (a deleted one is found before writing).
var shipperErrors = postgres.ErrorMap{
	NoRows:      shipper.ErrNotFound,
	Constraints: map[string]error{"shippers_hub_id_fkey": shipper.ErrHubNotFound},
}

const (
	// ON CONFLICT DO NOTHING: a taken id leaves the transaction usable, to tell a live holder
	// (ErrExists) from a deleted one (ErrDeleted).
	insertShipperSQL = `INSERT INTO shippers (shipper_id, hub_id, shipper_type, is_deleted, version, created_at,
		created_by, updated_at, updated_by, deleted_at, deleted_by)
		VALUES (:shipper_id, :hub_id, :shipper_type, :is_deleted, :version, :created_at, :created_by,
		:updated_at, :updated_by, :deleted_at, :deleted_by)
		ON CONFLICT (shipper_id) DO NOTHING`
	holderDeletedSQL = `SELECT is_deleted FROM shippers WHERE shipper_id = $1`
	updateShipperSQL = `UPDATE shippers SET hub_id = :hub_id, shipper_type = :shipper_type, is_deleted = :is_deleted,
		version = :version, updated_at = :updated_at, updated_by = :updated_by, deleted_at = :deleted_at,
		deleted_by = :deleted_by WHERE shipper_id = :shipper_id`
)

var (
	selectShipperSQL       = `SELECT ` + shipperColumns + ` FROM shippers WHERE shipper_id = $1`
	selectActiveShipperSQL = selectShipperSQL + ` AND NOT is_deleted`
	lockShipperSQL         = selectShipperSQL + ` FOR UPDATE`
)

// holdHub is the repository's own check that a shipper it makes live is at a live hub, held
// (postgres.LiveHub): the command holds it already, so this costs a row already locked.
func holdHub(ctx context.Context, tx *sqlx.Tx, hubID uuid.UUID) error {
	live, _, err := postgres.LiveHub(ctx, tx, hubID, true)
	if err != nil {
		return err
	}
	if !live {
		return shipper.ErrHubNotFound
	}
	return nil
}

// Create implements shipper.Repository.
func (r *Repository) Create(ctx context.Context, s *shipper.Shipper) error {
	return r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := holdHub(ctx, tx, s.HubID()); err != nil {
			return err
		}
		res, err := tx.NamedExecContext(ctx, insertShipperSQL, rowOf(s.Snapshot()))
		if err != nil {
			return fmt.Errorf("create shipper: %w", shipperErrors.Map(err))
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("create shipper: %w", postgres.MapError(err))
		} else if n == 0 {
			var deleted bool
			if err := tx.QueryRowxContext(ctx, holderDeletedSQL, s.ID()).Scan(&deleted); err != nil {
				return fmt.Errorf("create shipper: %w", shipperErrors.Map(err))
			}
			if deleted {
				return shipper.ErrDeleted
			}
			return shipper.ErrExists
		}
		return appendEvents(ctx, tx, s.PendingEvents())
	})
}

// FindByID implements shipper.Repository.
func (r *Repository) FindByID(ctx context.Context, id uuid.UUID) (*shipper.Shipper, error) {
	return r.find(ctx, selectShipperSQL, id)
}

// FindActiveByID implements shipper.Repository.
func (r *Repository) FindActiveByID(ctx context.Context, id uuid.UUID) (*shipper.Shipper, error) {
	return r.find(ctx, selectActiveShipperSQL, id)
}

func (r *Repository) find(ctx context.Context, sqlText string, id uuid.UUID) (*shipper.Shipper, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return get(ctx, q, sqlText, id)
}

func get(ctx context.Context, q sqlx.QueryerContext, sqlText string, id uuid.UUID) (*shipper.Shipper, error) {
	rows, err := scanShippers(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return nil, fmt.Errorf("get shipper %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get shipper %s: %w", id, shipper.ErrNotFound)
	}
	return toShipper(rows[0])
}

// Update implements shipper.Repository: the row is locked with SELECT ... FOR UPDATE, so
// concurrent changes of one shipper queue up. A change that leaves the shipper live at another
// hub than before, or brings it back, holds that hub first (ErrHubNotFound when it is not live).
func (r *Repository) Update(ctx context.Context, id uuid.UUID, fn func(*shipper.Shipper) error) (*shipper.Shipper, error) {
	var loaded *shipper.Shipper
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		s, err := get(ctx, tx, lockShipperSQL, id)
		if err != nil {
			return err
		}
		before, wasDeleted, hubBefore := s.Version(), s.IsDeleted(), s.HubID()
		if err := fn(s); err != nil {
			return err
		}
		loaded = s
		if s.Version() == before {
			return nil
		}
		if !s.IsDeleted() && (wasDeleted || s.HubID() != hubBefore) {
			if err := holdHub(ctx, tx, s.HubID()); err != nil {
				return err
			}
		}
		if _, err := tx.NamedExecContext(ctx, updateShipperSQL, rowOf(s.Snapshot())); err != nil {
			return fmt.Errorf("update shipper %s: %w", id, shipperErrors.Map(err))
		}
		return appendEvents(ctx, tx, s.PendingEvents())
	})
	if err != nil {
		return nil, err
	}
	return loaded, nil
}

// HoldLiveHub implements command.HubHolder, in the transaction ctx carries.
func (r *Repository) HoldLiveHub(ctx context.Context, hubID uuid.UUID) (command.HubHold, error) {
	var h command.HubHold
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		h.Live, h.Manager, err = postgres.LiveHub(ctx, tx, hubID, true)
		return err
	})
	return h, err
}

// PeekLiveHub implements command.HubHolder: in the transaction ctx carries, else on the reader.
func (r *Repository) PeekLiveHub(ctx context.Context, hubID uuid.UUID) (command.HubHold, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return command.HubHold{}, err
	}
	var h command.HubHold
	h.Live, h.Manager, err = postgres.LiveHub(ctx, q, hubID, false)
	return h, err
}

// appendEvents stores the shipper's pending events in tx, through the shared outbox, with the
// shipper's state in its public JSON (query.ShipperState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []shipper.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateShipper, events, query.ShipperStateOf)
}
