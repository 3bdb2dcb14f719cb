package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// The hub queries' read models (query.HubViewReader, query.HubViewSearcher) are served here:
// rows are scanned straight into query.HubView with database/sql's Scan and a few small
// Scanners, one conversion and no reflection, no aggregate in between.
var (
	_ query.HubViewReader   = (*HubRepository)(nil)
	_ query.HubViewSearcher = (*HubRepository)(nil)
)

var (
	selectHubViewSQL       = `SELECT ` + hubColumns + `, name_key FROM hubs WHERE hub_id = $1`
	selectActiveHubViewSQL = selectHubViewSQL + ` AND NOT is_deleted`
)

// HubView implements query.HubViewReader.
func (r *HubRepository) HubView(ctx context.Context, id uuid.UUID, withDeleted bool) (query.HubView, error) {
	q, err := r.reader(ctx)
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
func (r *HubRepository) SearchHubViews(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[query.HubView], error) {
	page, err := r.searchRows(ctx, cond, p)
	if err != nil {
		return paging.Page[query.HubView]{}, err
	}
	return paging.Map(page, func(v hubViewRow) query.HubView { return v.HubView }), nil
}

// searchRows is the search both Search and SearchHubViews run.
func (r *HubRepository) searchRows(ctx context.Context, cond hub.SearchCondition, p paging.Pageable) (paging.Page[hubViewRow], error) {
	if err := cond.Validate(); err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	// A zero Pageable would make goqu drop the LIMIT; callers that skipped NewPageable get its
	// error here rather than every row or a driver error.
	if err := p.Check(); err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	pq, err := hubPageQuery(cond, p)
	if err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	q, err := r.reader(ctx)
	if err != nil {
		return paging.Page[hubViewRow]{}, err
	}
	return queryPage(ctx, q, pq, p, r.metrics)
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
		return nil, fmt.Errorf("query: %w", mapError(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]hubViewRow, 0, capacity)
	var (
		lat, lng           *float64
		deletedAt          nullTimeCol
		managerID, deleter nullUUIDCol
	)
	for rows.Next() {
		out = append(out, hubViewRow{})
		v := &out[len(out)-1]
		lat, lng, deletedAt.t, managerID.id, deleter.id = nil, nil, nil, nil, nil
		if err := rows.Scan(uuidCol{&v.ID}, &v.Name, &managerID, &v.Address.ZipCode, &v.Address.Address1,
			&v.Address.Address2, floatCol{&lat}, floatCol{&lng}, &v.Deleted, intCol{&v.Version},
			&v.CreatedAt, uuidCol{&v.CreatedBy}, &v.UpdatedAt, uuidCol{&v.UpdatedBy}, &deletedAt, &deleter,
			&v.NameKey); err != nil {
			return nil, fmt.Errorf("scan hub: %w", mapError(err))
		}
		v.ManagerID, v.DeletedAt, v.DeletedBy = managerID.id, deletedAt.t, deleter.id
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
		return nil, fmt.Errorf("query: %w", mapError(err))
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

// The Scanners below take lib/pq's values as they come (a uuid as its 36 text bytes, numbers
// already decoded) without database/sql's reflection or a copy into a string. Each holds one
// pointer, so passing it to Scan allocates nothing.

// uuidCol scans a uuid column that is never NULL.
type uuidCol struct{ id *uuid.UUID }

func (c uuidCol) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok {
		return fmt.Errorf("uuid column: unexpected %T", src)
	}
	id, err := uuid.ParseBytes(b)
	*c.id = id
	return err
}

// nullUUIDCol scans a uuid column that may be NULL.
type nullUUIDCol struct{ id *uuid.UUID }

func (c *nullUUIDCol) Scan(src any) error {
	if src == nil {
		c.id = nil
		return nil
	}
	c.id = new(uuid.UUID)
	return uuidCol{c.id}.Scan(src)
}

// nullTimeCol scans a timestamptz column that may be NULL (lib/pq decodes it into a time.Time).
type nullTimeCol struct{ t *time.Time }

func (c *nullTimeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		c.t = nil
	case time.Time:
		c.t = &v
	default:
		return fmt.Errorf("timestamp column: unexpected %T", src)
	}
	return nil
}

// floatCol scans a double precision column that may be NULL.
type floatCol struct{ f **float64 }

func (c floatCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.f = nil
	case float64:
		*c.f = &v
	default:
		return fmt.Errorf("float column: unexpected %T", src)
	}
	return nil
}

// intCol scans a bigint column that is never NULL.
type intCol struct{ n *int64 }

func (c intCol) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("integer column: unexpected %T", src)
	}
	*c.n = v
	return nil
}

var _ sql.Scanner = uuidCol{}
