package routestore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/domain/record"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// routeColumnNames are the stored columns of a route as the reads select them, in the order
// scanRoutes reads them: the id and audit columns in binary form (postgres.AuditColumns), then
// the route's own, its hubs in binary form too.
var routeColumnNames = append(postgres.AuditColumns("", "route_id"),
	postgres.Sent("uuid_send", "departure_hub_id"), postgres.Sent("uuid_send", "arrival_hub_id"),
	"distance_km", "duration_minutes", postgres.Sent("uuid_send", "deleted_with_hub_id"), "deleted_with_hub_version",
)

var routeColumns = strings.Join(routeColumnNames, ", ")

// writeRow is what the writes bind. distance_km travels as text with exactly three decimals:
// numeric(7,3) stores it as written, with no float-to-numeric rounding in between.
type writeRow struct {
	postgres.AuditRow
	RouteID         uuid.UUID  `db:"route_id"`
	DepartureHubID  uuid.UUID  `db:"departure_hub_id"`
	ArrivalHubID    uuid.UUID  `db:"arrival_hub_id"`
	DistanceKm      string     `db:"distance_km"`
	DurationMinutes int        `db:"duration_minutes"`
	MarkHubID       *uuid.UUID `db:"deleted_with_hub_id"`
	MarkVersion     *int64     `db:"deleted_with_hub_version"`
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
	var (
		duration    int64
		markHub     postgres.SentNullUUID
		markVersion nullIntCol
	)
	return postgres.ScanViews(ctx, q, postgres.ViewScan[routeRow]{
		Noun: "route", MapErr: routeErrors.Map,
		Targets: func(r *routeRow, dest []any) []any {
			v := &r.RouteView
			return append(dest, postgres.SentUUIDCol{ID: &v.DepartureHubID}, postgres.SentUUIDCol{ID: &v.ArrivalHubID},
				kmCol{F: &v.DistanceKm}, postgres.IntCol{N: &duration}, &markHub, &markVersion)
		},
		Finish: func(r *routeRow, audit *postgres.AuditScan) error {
			v := &r.RouteView
			if err := audit.Read(&v.ID, &v.Fields); err != nil {
				return err
			}
			v.DurationMinutes = int(duration)
			if markHub.Valid && markVersion.N != nil {
				r.Mark = &route.Cascade{HubID: markHub.UUID, HubVersion: *markVersion.N}
			}
			// The structural invariants route.UnmarshalFromDatabase checks: a view must not
			// show what no aggregate could be.
			return record.CheckStored(route.ErrCorruptState, "route", v.ID, &v.Fields, v.DepartureHubID != v.ArrivalHubID)
		},
	}, sqlText, args, capacity)
}
