package hubstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// The hub queries' read models (readmodel.Views) are served here:
// rows are scanned straight into query.HubView with database/sql's Scan and a few small
// Scanners, one conversion and no reflection, no aggregate in between.
var (
	_ readmodel.Views[hub.SearchCondition, query.HubView] = (*Repository)(nil)
)

var (
	selectHubViewSQL       = `SELECT ` + hubViewColumns + ` FROM hubs WHERE hub_id = $1`
	selectActiveHubViewSQL = selectHubViewSQL + ` AND NOT is_deleted`
)

// View implements readmodel.Reader.
func (r *Repository) View(ctx context.Context, id uuid.UUID, withDeleted bool) (query.HubView, error) {
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

// SearchViews implements readmodel.Searcher: the very statements Search runs (one
// filtered dataset, branched into the content and, only when needed, the count), scanned into
// views.
func (r *Repository) SearchViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[query.HubView], error) {
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

// hubViewColumnNames are hubColumnNames as the views read them: the id and audit columns first
// (postgres.AuditColumns), then uuids and coordinates in PostgreSQL's binary form
// (postgres.Sent), which scanHubViews reads without parsing text; name_key last, for hubName
// cursors.
var hubViewColumnNames = append(postgres.AuditColumns("", "hub_id"),
	"hub_name", postgres.Sent("uuid_send", "hub_manager_id"), "zip_code", "address1", "address2",
	postgres.Sent("float8send", "latitude"), postgres.Sent("float8send", "longitude"), "name_key",
)

// hubViewColumns is hubViewColumnNames for hand-written SQL.
var hubViewColumns = strings.Join(hubViewColumnNames, ", ")

// scanHubViews runs a statement that selects hubViewColumns, in that order, and scans every row
// into a view; capacity is the expected number of rows. What a view points to (the manager, the
// location, the deletion) is carved from a few arrays per statement rather than allocated per row.
func scanHubViews(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]hubViewRow, error) {
	keys := make([]string, 0, capacity)
	var (
		ids       = postgres.Slab[uuid.UUID]{Size: capacity}
		locations = postgres.Slab[hub.Location]{Size: capacity}
		lat, lng  postgres.SentNullFloat
		managerID postgres.SentNullUUID
	)
	views, err := postgres.ScanViews(ctx, q, postgres.ViewScan[query.HubView]{
		Noun: "hub", MapErr: postgres.MapError,
		Targets: func(v *query.HubView, dest []any) []any {
			keys = append(keys, "")
			return append(dest, &v.Name, &managerID, &v.Address.ZipCode, &v.Address.Address1, &v.Address.Address2,
				&lat, &lng, &keys[len(keys)-1])
		},
		Finish: func(v *query.HubView, audit *postgres.AuditScan) error {
			if err := audit.Read(&v.ID, &v.Fields); err != nil {
				return err
			}
			if managerID.Valid {
				v.ManagerID = ids.Put(managerID.UUID)
			}
			if lat.Valid && lng.Valid {
				v.Location = locations.Put(hub.Location{Latitude: lat.Float64, Longitude: lng.Float64})
			}
			// The structural invariants hub.UnmarshalFromDatabase checks: a view must not show
			// what no aggregate could be.
			return record.CheckStored(hub.ErrCorruptState, "hub", v.ID, &v.Fields, true)
		},
	}, sqlText, args, capacity)
	if err != nil {
		return nil, err
	}
	out := make([]hubViewRow, len(views))
	for i := range views { // once views is complete: appends past capacity move it
		out[i] = hubViewRow{HubView: &views[i], NameKey: keys[i], read: views}
	}
	return out, nil
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
