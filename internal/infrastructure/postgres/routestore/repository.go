package routestore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// Repository is the PostgreSQL route.Repository, the route queries' read models and the route
// commands' reader of hubs, on the shared store.
type Repository struct {
	store *postgres.Store
}

var _ route.Repository = (*Repository)(nil)

// New returns the route adapter over store, which must have a database.
func New(store *postgres.Store) (*Repository, error) {
	if err := store.Check(); err != nil {
		return nil, fmt.Errorf("routestore: %w", err)
	}
	return &Repository{store: store}, nil
}

const (
	insertRouteSQL = `INSERT INTO hub_routes (route_id, departure_hub_id, arrival_hub_id, distance_km,
		duration_minutes, is_deleted, version, created_at, created_by, updated_at, updated_by, deleted_at,
		deleted_by, deleted_with_hub_id, deleted_with_hub_version)
		VALUES (:route_id, :departure_hub_id, :arrival_hub_id, CAST(:distance_km AS numeric), :duration_minutes,
		:is_deleted, :version, :created_at, :created_by, :updated_at, :updated_by, :deleted_at, :deleted_by,
		:deleted_with_hub_id, :deleted_with_hub_version)`
	// A route's hubs and creation never change: the update sets the rest only.
	updateRouteSQL = `UPDATE hub_routes SET distance_km = CAST(:distance_km AS numeric), duration_minutes = :duration_minutes,
		is_deleted = :is_deleted, version = :version, updated_at = :updated_at, updated_by = :updated_by,
		deleted_at = :deleted_at, deleted_by = :deleted_by, deleted_with_hub_id = :deleted_with_hub_id,
		deleted_with_hub_version = :deleted_with_hub_version
		WHERE route_id = :route_id`
)

var (
	selectRouteSQL = `SELECT ` + routeColumns + ` FROM hub_routes WHERE route_id = $1`
	lockRouteSQL   = selectRouteSQL + ` FOR UPDATE`
	// The cascade's selections, locked, in route-id order (so two cascades lock in one order).
	// NOT is_deleted matches the partial indexes; the departure side is served by the live-pair
	// index, the arrival side by hub_routes_live_arrival, the marks by hub_routes_cascade.
	lockLiveOfHubSQL = `SELECT ` + routeColumns + ` FROM hub_routes
		WHERE NOT is_deleted AND (departure_hub_id = $1 OR arrival_hub_id = $1) ORDER BY route_id FOR UPDATE`
	lockMarkedSQL = `SELECT ` + routeColumns + ` FROM hub_routes
		WHERE deleted_with_hub_id = $1 AND deleted_with_hub_version = $2 ORDER BY route_id FOR UPDATE`
	pairTakenSQL = `SELECT EXISTS (SELECT 1 FROM hub_routes
		WHERE departure_hub_id = $1 AND arrival_hub_id = $2 AND NOT is_deleted)`
)

// Create implements route.Repository.
func (r *Repository) Create(ctx context.Context, rt *route.HubRoute) error {
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, insertRouteSQL, rowOf(rt.Snapshot())); err != nil {
			return fmt.Errorf("create route: %w", routeErrors.Map(err))
		}
		return appendEvents(ctx, tx, rt.PendingEvents())
	})
	return r.withHolder(ctx, err, rt.DepartureHubID(), rt.ArrivalHubID())
}

// FindByID implements route.Repository.
func (r *Repository) FindByID(ctx context.Context, id uuid.UUID) (*route.HubRoute, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.get(ctx, q, selectRouteSQL, id)
}

func (r *Repository) get(ctx context.Context, q sqlx.QueryerContext, sqlText string, id uuid.UUID) (*route.HubRoute, error) {
	rows, err := scanRoutes(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return nil, fmt.Errorf("get route %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("get route %s: %w", id, route.ErrNotFound)
	}
	return rows[0].toRoute()
}

// Update implements route.Repository: the row is locked with SELECT ... FOR UPDATE, so
// concurrent changes of one route queue up.
func (r *Repository) Update(ctx context.Context, id uuid.UUID, fn func(*route.HubRoute) error) (*route.HubRoute, error) {
	var loaded *route.HubRoute
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		rt, err := r.get(ctx, tx, lockRouteSQL, id)
		if err != nil {
			return err
		}
		loaded = rt
		return r.change(ctx, tx, rt, fn)
	})
	if err != nil {
		if loaded == nil {
			return nil, err
		}
		return nil, r.withHolder(ctx, err, loaded.DepartureHubID(), loaded.ArrivalHubID())
	}
	return loaded, nil
}

// change lets fn change the locked route and writes it and its events when its version moved.
func (r *Repository) change(ctx context.Context, tx *sqlx.Tx, rt *route.HubRoute, fn func(*route.HubRoute) error) error {
	before := rt.Version()
	if err := fn(rt); err != nil {
		return err
	}
	if rt.Version() == before {
		return nil
	}
	if _, err := tx.NamedExecContext(ctx, updateRouteSQL, rowOf(rt.Snapshot())); err != nil {
		return fmt.Errorf("update route %s: %w", rt.ID(), routeErrors.Map(err))
	}
	return appendEvents(ctx, tx, rt.PendingEvents())
}

// UpdateSelected implements route.Repository.
func (r *Repository) UpdateSelected(ctx context.Context, sel route.Selection, fn func(*route.HubRoute) error) ([]*route.HubRoute, error) {
	sqlText, args := lockLiveOfHubSQL, []any{sel.LiveOfHub}
	if c := sel.DeletedWith; c != nil {
		sqlText, args = lockMarkedSQL, []any{c.HubID, c.HubVersion}
	} else if sel.LiveOfHub == uuid.Nil {
		return nil, fmt.Errorf("%w: an empty selection", route.ErrInvalid)
	}
	var changed []*route.HubRoute
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		rows, err := scanRoutes(ctx, tx, sqlText, args, 8)
		if err != nil {
			return fmt.Errorf("select routes: %w", err)
		}
		for i := range rows {
			rt, err := rows[i].toRoute()
			if err != nil {
				return err
			}
			before := rt.Version()
			if err := r.change(ctx, tx, rt, fn); err != nil {
				return err
			}
			if rt.Version() != before {
				changed = append(changed, rt)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}

// PairTaken implements route.Repository, in the transaction ctx carries (so it sees the
// cascade's own changes).
func (r *Repository) PairTaken(ctx context.Context, departureHubID, arrivalHubID uuid.UUID) (bool, error) {
	var taken bool
	err := r.store.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.QueryRowxContext(ctx, pairTakenSQL, departureHubID, arrivalHubID).Scan(&taken); err != nil {
			return fmt.Errorf("pair taken: %w", routeErrors.Map(err))
		}
		return nil
	})
	return taken, err
}

// appendEvents stores the route's pending events in tx, through the shared outbox, with the
// route's state in its public JSON (query.RouteState).
func appendEvents(ctx context.Context, tx *sqlx.Tx, events []route.Event) error {
	return postgres.AppendEvents(ctx, tx, query.AggregateRoute, events, query.RouteStateOf)
}
