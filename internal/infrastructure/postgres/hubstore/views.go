package hubstore

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// The hub queries' read models (query.HubViewReader, query.HubViewSearcher) are served here:
// rows are scanned straight into query.HubView with database/sql's Scan and a few small
// Scanners, one conversion and no reflection, no aggregate in between.
var (
	_ query.HubViewReader   = (*Repository)(nil)
	_ query.HubViewSearcher = (*Repository)(nil)
)

var (
	selectHubViewSQL       = `SELECT ` + hubColumns + `, name_key FROM hubs WHERE hub_id = $1`
	selectActiveHubViewSQL = selectHubViewSQL + ` AND NOT is_deleted`
)

// HubView implements query.HubViewReader.
func (r *Repository) HubView(ctx context.Context, id uuid.UUID, withDeleted bool) (query.HubView, error) {
	q, err := r.store.Reader(ctx)
	if err != nil {
		return query.HubView{}, err
	}
	sqlText := selectActiveHubViewSQL
	if withDeleted {
		sqlText = selectHubViewSQL
	}
	views, err := scanHubViews(ctx, q, sqlText, []any{id}, 1)
	if err != nil {
		return query.HubView{}, fmt.Errorf("get hub %s: %w", id, err)
	}
	if len(views) == 0 {
		return query.HubView{}, fmt.Errorf("get hub %s: %w", id, hub.ErrNotFound)
	}
	return views[0].HubView, nil
}

// SearchHubViews implements query.HubViewSearcher: the very statements Search runs (one
// filtered dataset, branched into the content and, only when needed, the count), scanned into
// views.
func (r *Repository) SearchHubViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[query.HubView], error) {
	page, err := r.searchRows(ctx, cond, p)
	if err != nil {
		return paging.Page[query.HubView]{}, err
	}
	return paging.Map(page, func(v hubViewRow) query.HubView { return v.HubView }), nil
}

// searchRows is the search both Search and SearchHubViews run.
func (r *Repository) searchRows(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[hubViewRow], error) {
	if err := cond.Validate(); err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	q, err := r.store.Reader(ctx)
	if err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	return hubSearch.Run(ctx, q, hubWhere(cond), p, r.store.Metrics())
}

// hubViewRow is a hub's view with the stored name key, which a hubName cursor needs and the
// view does not show.
type hubViewRow struct {
	query.HubView
	NameKey string
}

// scanHubViews runs a statement that selects hubColumns and name_key, in that order, and scans
// every row into a view; capacity is the expected number of rows.
func scanHubViews(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]hubViewRow, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", postgres.MapError(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]hubViewRow, 0, capacity)
	var (
		lat, lng           *float64
		deletedAt          postgres.NullTimeCol
		managerID, deleter postgres.NullUUIDCol
	)
	for rows.Next() {
		out = append(out, hubViewRow{})
		v := &out[len(out)-1]
		lat, lng, deletedAt.T, managerID.ID, deleter.ID = nil, nil, nil, nil, nil
		if err := rows.Scan(postgres.UUIDCol{ID: &v.ID}, &v.Name, &managerID, &v.Address.ZipCode, &v.Address.Address1,
			&v.Address.Address2, postgres.FloatCol{F: &lat}, postgres.FloatCol{F: &lng}, &v.Deleted, postgres.IntCol{N: &v.Version},
			&v.CreatedAt, postgres.UUIDCol{ID: &v.CreatedBy}, &v.UpdatedAt, postgres.UUIDCol{ID: &v.UpdatedBy}, &deletedAt, &deleter,
			&v.NameKey); err != nil {
			return nil, fmt.Errorf("scan hub: %w", postgres.MapError(err))
		}
		v.ManagerID, v.DeletedAt, v.DeletedBy = managerID.ID, deletedAt.T, deleter.ID
		if lat != nil && lng != nil {
			v.Location = &hub.Location{Latitude: *lat, Longitude: *lng}
		}
		// As the aggregate shows them: UTC, to the microsecond PostgreSQL stores.
		v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
		if v.DeletedAt != nil {
			*v.DeletedAt = v.DeletedAt.UTC()
		}
		// The structural invariants hub.UnmarshalFromDatabase checks: a view must not show what
		// no aggregate could be.
		if v.ID == uuid.Nil || v.Version < 1 || v.Deleted != (v.DeletedAt != nil) {
			return nil, fmt.Errorf("%w: hub %s version %d deleted %v", hub.ErrCorruptState, v.ID, v.Version, v.Deleted)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", postgres.MapError(err))
	}
	return out, nil
}

// snapshot is the row as the aggregate is rebuilt from it, for the repository's own Search.
func (v *hubViewRow) snapshot() hub.Snapshot {
	return hub.Snapshot{
		ID:      v.ID,
		Details: hub.Details{Name: v.Name, ManagerID: v.ManagerID, Address: v.Address, Location: v.Location},
		Deleted: v.Deleted, Version: v.Version,
		CreatedAt: v.CreatedAt, CreatedBy: v.CreatedBy, UpdatedAt: v.UpdatedAt, UpdatedBy: v.UpdatedBy,
		DeletedAt: v.DeletedAt, DeletedBy: v.DeletedBy,
	}
}

func (v *hubViewRow) toHub() (*hub.Hub, error) { return hub.UnmarshalFromDatabase(v.snapshot()) }
