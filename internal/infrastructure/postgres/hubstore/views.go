package hubstore

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	selectHubViewSQL       = `SELECT ` + hubViewColumns + ` FROM hubs WHERE hub_id = $1`
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

// hubViewColumnNames are hubColumnNames as the views read them: uuids, timestamps and
// coordinates in PostgreSQL's binary form (postgres.Sent), which scanHubViews reads without
// parsing text; name_key last, for hubName cursors.
var hubViewColumnNames = []string{
	postgres.Sent("uuid_send", "hub_id"), "hub_name", postgres.Sent("uuid_send", "hub_manager_id"),
	"zip_code", "address1", "address2",
	postgres.Sent("float8send", "latitude"), postgres.Sent("float8send", "longitude"), "is_deleted", "version",
	postgres.Sent("timestamptz_send", "created_at"), postgres.Sent("uuid_send", "created_by"),
	postgres.Sent("timestamptz_send", "updated_at"), postgres.Sent("uuid_send", "updated_by"),
	postgres.Sent("timestamptz_send", "deleted_at"), postgres.Sent("uuid_send", "deleted_by"),
	"name_key",
}

// hubViewColumns is hubViewColumnNames for hand-written SQL.
var hubViewColumns = strings.Join(hubViewColumnNames, ", ")

// scanHubViews runs a statement that selects hubViewColumns, in that order, and scans every row
// into a view; capacity is the expected number of rows. What a view points to (the manager, the
// location, the deletion) is carved from a few arrays per statement rather than allocated per row.
func scanHubViews(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]hubViewRow, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", postgres.MapError(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]hubViewRow, 0, capacity)
	var (
		ids                = slab[uuid.UUID]{size: capacity}
		locations          = slab[hub.Location]{size: capacity}
		times              slab[time.Time]
		lat, lng           postgres.SentNullFloat
		deletedAt          postgres.SentNullTime
		managerID, deleter postgres.SentNullUUID
	)
	for rows.Next() {
		out = append(out, hubViewRow{})
		v := &out[len(out)-1]
		if err := rows.Scan(postgres.SentUUIDCol{ID: &v.ID}, &v.Name, &managerID,
			&v.Address.ZipCode, &v.Address.Address1, &v.Address.Address2, &lat, &lng,
			&v.Deleted, postgres.IntCol{N: &v.Version},
			postgres.SentTimeCol{T: &v.CreatedAt}, postgres.SentUUIDCol{ID: &v.CreatedBy},
			postgres.SentTimeCol{T: &v.UpdatedAt}, postgres.SentUUIDCol{ID: &v.UpdatedBy},
			&deletedAt, &deleter, &v.NameKey); err != nil {
			return nil, fmt.Errorf("scan hub: %w", postgres.MapError(err))
		}
		if managerID.Valid {
			v.ManagerID = ids.put(managerID.UUID)
		}
		if deleter.Valid {
			v.DeletedBy = ids.put(deleter.UUID)
		}
		if deletedAt.Valid {
			v.DeletedAt = times.put(deletedAt.Time)
		}
		if lat.Valid && lng.Valid {
			v.Location = locations.put(hub.Location{Latitude: lat.Float64, Longitude: lng.Float64})
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

// slab hands out pointers to values kept in shared arrays: one allocation for many small
// values that live and die together (a page's), instead of one each. The first array, made at
// the first put, holds size values.
type slab[T any] struct {
	free []T
	size int
}

// put stores v and returns where; a full array is left to the values in it and a larger one
// begun, so the pointers handed out stay valid.
func (s *slab[T]) put(v T) *T {
	if len(s.free) == cap(s.free) {
		s.free = make([]T, 0, max(s.size, 2*cap(s.free), 1))
	}
	s.free = append(s.free, v)
	return &s.free[len(s.free)-1]
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
