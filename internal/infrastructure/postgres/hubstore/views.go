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
	return *views[0].HubView, nil
}

// SearchHubViews implements query.HubViewSearcher: the very statements Search runs (one
// filtered dataset, branched into the content and, only when needed, the count), scanned into
// views.
func (r *Repository) SearchHubViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[query.HubView], error) {
	page, err := r.searchRows(ctx, cond, p)
	if err != nil {
		return paging.Page[query.HubView]{}, err
	}
	rows := page.Content
	page.Content = nil
	views := paging.Map(page, func(hubViewRow) query.HubView { return query.HubView{} })
	// The views were read into one array (scanHubViews) and the page is its first rows, in
	// order: handed out as they are, not copied.
	if len(rows) > 0 {
		views.Content = rows[0].read[:len(rows)]
	}
	for i := range rows {
		if rows[i].HubView != &views.Content[i] { // not that array's prefix after all: copied
			views.Content = make([]query.HubView, len(rows))
			for i := range rows {
				views.Content[i] = *rows[i].HubView
			}
			break
		}
	}
	return views, nil
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
	*query.HubView
	NameKey string
	read    []query.HubView // every view the statement read, in order; HubView points into it
}

// hubViewColumnNames are hubColumnNames as the views read them: uuids, timestamps, coordinates
// and the version in PostgreSQL's binary form (postgres.Sent), which scanHubViews reads without
// parsing text, those that are never NULL together in one value (hubFixedColumn); name_key
// last, for hubName cursors.
var hubViewColumnNames = []string{
	hubFixedColumn, "hub_name", postgres.Sent("uuid_send", "hub_manager_id"),
	"zip_code", "address1", "address2",
	postgres.Sent("float8send", "latitude"), postgres.Sent("float8send", "longitude"), "is_deleted",
	postgres.Sent("timestamptz_send", "deleted_at"), postgres.Sent("uuid_send", "deleted_by"),
	"name_key",
}

// hubFixedColumn is a hub's columns that are never NULL and have a fixed width, sent together;
// hubFixed takes it apart.
var hubFixedColumn = postgres.SentTogether(
	[2]string{"uuid_send", "hub_id"}, [2]string{"int8send", "version"},
	[2]string{"timestamptz_send", "created_at"}, [2]string{"uuid_send", "created_by"},
	[2]string{"timestamptz_send", "updated_at"}, [2]string{"uuid_send", "updated_by"},
)

// hubFixedLen is hubFixedColumn's length: three uuids and three 8-byte values.
const hubFixedLen = 3*16 + 3*8

// hubFixed puts hubFixedColumn's parts into v.
func hubFixed(b []byte, v *query.HubView) (err error) {
	v.ID, v.Version = uuid.UUID(b[0:16]), postgres.SentInt64Of(b[16:24])
	if v.CreatedAt, err = postgres.SentTimeOf(b[24:32]); err != nil {
		return err
	}
	v.CreatedBy = uuid.UUID(b[32:48])
	if v.UpdatedAt, err = postgres.SentTimeOf(b[48:56]); err != nil {
		return err
	}
	v.UpdatedBy = uuid.UUID(b[56:72])
	return nil
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
	views, keys := make([]query.HubView, 0, capacity), make([]string, 0, capacity)
	var (
		ids                = slab[uuid.UUID]{size: capacity}
		locations          = slab[hub.Location]{size: capacity}
		times              slab[time.Time]
		lat, lng           postgres.SentNullFloat
		deletedAt          postgres.SentNullTime
		managerID, deleter postgres.SentNullUUID
		fixed              = make(postgres.SentFixed, hubFixedLen)
	)
	for rows.Next() {
		views, keys = append(views, query.HubView{}), append(keys, "")
		v := &views[len(views)-1]
		if err := rows.Scan(&fixed, &v.Name, &managerID,
			&v.Address.ZipCode, &v.Address.Address1, &v.Address.Address2, &lat, &lng, &v.Deleted,
			&deletedAt, &deleter, &keys[len(keys)-1]); err != nil {
			return nil, fmt.Errorf("scan hub: %w", postgres.MapError(err))
		}
		if err := hubFixed(fixed, v); err != nil {
			return nil, fmt.Errorf("scan hub: %w", err)
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
	out := make([]hubViewRow, len(views))
	for i := range views { // once views is complete: appends past capacity move it
		out[i] = hubViewRow{HubView: &views[i], NameKey: keys[i], read: views}
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
		Fields:  v.Fields,
	}
}

func (v *hubViewRow) toHub() (*hub.Hub, error) { return hub.UnmarshalFromDatabase(v.snapshot()) }
