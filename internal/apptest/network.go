package apptest

import (
	"bytes"
	"context"
	_ "embed" // the reference network
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// koreaRoutesCSV is a copy of the contract's relay network between the 17 hubs: each line one
// connection, driven both ways.
//
//go:embed testdata/korea-hub-routes.csv
var koreaRoutesCSV []byte

// KoreaRoute is one directed route of the reference network, by the hubs' names.
type KoreaRoute struct {
	From, To        string
	DistanceKm      float64
	DurationMinutes int
}

// KoreaRoutes are the 36 routes of the reference network: every connection, one route each way.
func KoreaRoutes(t testing.TB) []KoreaRoute {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(koreaRoutesCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []KoreaRoute
	for _, r := range recs[1:] {
		km, err1 := strconv.ParseFloat(r[2], 64)
		minutes, err2 := strconv.Atoi(r[3])
		if err1 != nil || err2 != nil {
			t.Fatalf("korea-hub-routes.csv: %v", r)
		}
		out = append(out, KoreaRoute{r[0], r[1], km, minutes}, KoreaRoute{r[1], r[0], km, minutes})
	}
	return out
}

// Route is a route row as PutRoute writes it.
type Route struct {
	ID, From, To    uuid.UUID
	DistanceKm      float64
	DurationMinutes int
	Deleted         bool
}

// PutRoute writes a route and its event in one transaction of store, as the route adapter does
// (the row, then postgres.AppendOutbox with the route's JSON as the state), without depending on
// it: a new id is created (version 1), a known one updated, deleted or restored by r.Deleted. The
// transaction runs under ctx, so a consistency Recorder in it receives the change's token.
func PutRoute(ctx context.Context, t testing.TB, store *postgres.Store, r Route) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	actor := uuid.MustParse("0f5e0000-0000-4000-8000-0000000000aa")
	err := store.InTx(ctx, func(tx *sqlx.Tx) error {
		var version int64
		err := tx.QueryRowContext(ctx, `INSERT INTO hub_routes (route_id, departure_hub_id, arrival_hub_id, distance_km,
			duration_minutes, is_deleted, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $7, $8, CASE WHEN $6 THEN $7::timestamptz END, CASE WHEN $6 THEN $8::uuid END)
			ON CONFLICT (route_id) DO UPDATE SET distance_km = EXCLUDED.distance_km, duration_minutes = EXCLUDED.duration_minutes,
			is_deleted = EXCLUDED.is_deleted, version = hub_routes.version + 1, updated_at = EXCLUDED.updated_at,
			deleted_at = EXCLUDED.deleted_at, deleted_by = EXCLUDED.deleted_by
			RETURNING version`, r.ID, r.From, r.To, r.DistanceKm, r.DurationMinutes, r.Deleted, now, actor).Scan(&version)
		if err != nil {
			return err
		}
		typ := "hub-route.updated"
		switch {
		case version == 1:
			typ = "hub-route.created"
		case r.Deleted:
			typ = "hub-route.deleted"
		}
		state, err := json.Marshal(map[string]any{"routeId": r.ID, "departureHubId": r.From, "arrivalHubId": r.To,
			"distanceKm": r.DistanceKm, "durationMinutes": r.DurationMinutes, "isDeleted": r.Deleted, "version": version})
		if err != nil {
			return err
		}
		return postgres.AppendOutbox(ctx, tx, []postgres.OutboxEvent{{ID: uuid.New(), AggregateType: "hub-route",
			AggregateID: r.ID, Type: typ, Version: version, Actor: actor, OccurredAt: now, State: state}})
	})
	if err != nil {
		t.Fatalf("put route %s: %v", r.ID, err)
	}
}

// PutKoreaRoutes writes the 36 routes of the reference network between the hubs named in ids
// and returns each route's id by its hubs' names.
func PutKoreaRoutes(t testing.TB, store *postgres.Store, ids map[string]uuid.UUID) map[[2]string]uuid.UUID {
	t.Helper()
	out := map[[2]string]uuid.UUID{}
	for _, r := range KoreaRoutes(t) {
		from, ok1 := ids[r.From]
		to, ok2 := ids[r.To]
		if !ok1 || !ok2 {
			t.Fatalf("route %s → %s: a hub is missing", r.From, r.To)
		}
		id := uuid.New()
		PutRoute(context.Background(), t, store, Route{ID: id, From: from, To: to, DistanceKm: r.DistanceKm, DurationMinutes: r.DurationMinutes})
		out[[2]string{r.From, r.To}] = id
	}
	return out
}
