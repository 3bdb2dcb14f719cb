package routestore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// routeColumnNames are the stored columns of a route, in one place for the hand-written SQL and
// the goqu builder alike, in the order scanRoutes reads them.
var routeColumnNames = []string{
	"route_id", "departure_hub_id", "arrival_hub_id", "distance_km", "duration_minutes",
	"is_deleted", "version", "created_at", "created_by", "updated_at", "updated_by",
	"deleted_at", "deleted_by", "deleted_with_hub_id", "deleted_with_hub_version",
}

var routeColumns = strings.Join(routeColumnNames, ", ")

// writeRow is what the writes bind. distance_km travels as text with exactly three decimals:
// numeric(7,3) stores it as written, with no float-to-numeric rounding in between.
type writeRow struct {
	RouteID         uuid.UUID `db:"route_id"`
	DepartureHubID  uuid.UUID `db:"departure_hub_id"`
	ArrivalHubID    uuid.UUID `db:"arrival_hub_id"`
	DistanceKm      string    `db:"distance_km"`
	DurationMinutes int       `db:"duration_minutes"`
	postgres.AuditRow
	MarkHubID   *uuid.UUID `db:"deleted_with_hub_id"`
	MarkVersion *int64     `db:"deleted_with_hub_version"`
}

// formatKm writes a distance as numeric(7,3) stores it.
func formatKm(km float64) string { return strconv.FormatFloat(km, 'f', route.DistanceDecimals, 64) }

func rowOf(s route.Snapshot) writeRow {
	w := writeRow{
		RouteID: s.ID, DepartureHubID: s.DepartureHubID, ArrivalHubID: s.ArrivalHubID,
		DistanceKm: formatKm(s.Figures.DistanceKm), DurationMinutes: s.Figures.DurationMinutes,
		AuditRow: postgres.AuditRowOf(s.Fields),
	}
	if m := s.DeletedWith; m != nil {
		id, v := m.HubID, m.HubVersion
		w.MarkHubID, w.MarkVersion = &id, &v
	}
	return w
}

// routeRow is a route as read: its view, and the cascade mark the view does not show.
type routeRow struct {
	query.RouteView
	Mark *route.Cascade
}

func (r *routeRow) snapshot() route.Snapshot {
	v := r.RouteView
	return route.Snapshot{
		ID: v.ID, DepartureHubID: v.DepartureHubID, ArrivalHubID: v.ArrivalHubID,
		Figures: route.Figures{DistanceKm: v.DistanceKm, DurationMinutes: v.DurationMinutes},
		Fields:  v.Fields, DeletedWith: r.Mark,
	}
}

func (r *routeRow) toRoute() (*route.HubRoute, error) {
	return route.UnmarshalFromDatabase(r.snapshot())
}

// kmCol scans numeric(7,3), which lib/pq hands over as its text, exactly: the float nearest to
// the decimal stored, the one a client's JSON number with those digits decodes to.
type kmCol struct{ F *float64 }

// Scan implements sql.Scanner.
func (c kmCol) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case []byte:
		s = string(v)
	case string:
		s = v
	case float64:
		*c.F = v
		return nil
	default:
		return fmt.Errorf("numeric column: unexpected %T", src)
	}
	f, err := strconv.ParseFloat(s, 64)
	*c.F = f
	return err
}

// nullIntCol scans a bigint column that may be NULL.
type nullIntCol struct{ N *int64 }

// Scan implements sql.Scanner.
func (c *nullIntCol) Scan(src any) error {
	if src == nil {
		c.N = nil
		return nil
	}
	c.N = new(int64)
	return postgres.IntCol{N: c.N}.Scan(src)
}

// scanRoutes runs a statement that selects routeColumns, in that order, and scans every row;
// capacity is the expected number of rows.
func scanRoutes(ctx context.Context, q sqlx.QueryerContext, sqlText string, args []any, capacity int) ([]routeRow, error) {
	rows, err := q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", routeErrors.Map(err))
	}
	defer func() { _ = rows.Close() }()
	out := make([]routeRow, 0, capacity)
	var (
		duration, version int64
		deletedAt         postgres.NullTimeCol
		deleter, markHub  postgres.NullUUIDCol
		markVersion       nullIntCol
	)
	for rows.Next() {
		out = append(out, routeRow{})
		r := &out[len(out)-1]
		v := &r.RouteView
		deletedAt.T, deleter.ID, markHub.ID, markVersion.N = nil, nil, nil, nil
		if err := rows.Scan(postgres.UUIDCol{ID: &v.ID}, postgres.UUIDCol{ID: &v.DepartureHubID}, postgres.UUIDCol{ID: &v.ArrivalHubID},
			kmCol{F: &v.DistanceKm}, postgres.IntCol{N: &duration}, &v.Deleted, postgres.IntCol{N: &version},
			&v.CreatedAt, postgres.UUIDCol{ID: &v.CreatedBy}, &v.UpdatedAt, postgres.UUIDCol{ID: &v.UpdatedBy},
			&deletedAt, &deleter, &markHub, &markVersion); err != nil {
			return nil, fmt.Errorf("scan route: %w", postgres.MapError(err))
		}
		v.DurationMinutes, v.Version = int(duration), version
		v.DeletedAt, v.DeletedBy = deletedAt.T, deleter.ID
		if markHub.ID != nil && markVersion.N != nil {
			r.Mark = &route.Cascade{HubID: *markHub.ID, HubVersion: *markVersion.N}
		}
		v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
		if v.DeletedAt != nil {
			*v.DeletedAt = v.DeletedAt.UTC()
		}
		// The structural invariants route.UnmarshalFromDatabase checks: a view must not show
		// what no aggregate could be.
		if v.ID == uuid.Nil || v.Version < 1 || v.Deleted != (v.DeletedAt != nil) || v.DepartureHubID == v.ArrivalHubID {
			return nil, fmt.Errorf("%w: route %s version %d deleted %v", route.ErrCorruptState, v.ID, v.Version, v.Deleted)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", routeErrors.Map(err))
	}
	return out, nil
}
