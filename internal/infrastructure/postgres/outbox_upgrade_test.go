package postgres_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	dnames "github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestOutbox_UpgradeKeepsOldEventsInTheFeed builds a database as the release before migration
// 0015 left it (version 14, its hubs and the hub_events the old code wrote, by its raw SQL:
// the table-row JSON), migrates it up and reads the feed: the old events are there with their
// seqs, aggregateType hub and aggregateId their hubId, and their state in the public JSON, byte
// for byte what a new event of the same hub state carries; a new change's event follows with
// the next seq. Down to 14 and up again gives back the same events.
func TestOutbox_UpgradeKeepsOldEventsInTheFeed(t *testing.T) {
	t.Parallel()
	dsn := pgtest.EmptyDatabase(t, "hubd_outbox_upgrade_test")
	m, err := postgres.NewMigrator(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = m.Close() }()
	if err := m.MigrateTo(14); err != nil {
		t.Fatal(err)
	}
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// The old release: a hub with a location and a manager, created then renamed, and one
	// without either, each change with its hub_events row (payload: the old hubRow's JSON).
	manager := uuid.MustParse("00000000-0000-4000-8000-0000000000bb")
	at := base.Truncate(time.Second)
	withLoc, plain := uuid.New(), uuid.New()
	oldHub := func(id uuid.UUID, name string, version int64, mgr *uuid.UUID, lat, lon *float64) {
		t.Helper()
		mustExec(t, db, `INSERT INTO hubs (hub_id, hub_name, hub_manager_id, zip_code, address1, address2, latitude, longitude,
				is_deleted, version, created_at, created_by, updated_at, updated_by, name_key)
			VALUES ($1, $2, $3, '04524', '주소 1', '', $4, $5, false, $6, $7, $8, $7, $8, $9)
			ON CONFLICT (hub_id) DO UPDATE SET hub_name = EXCLUDED.hub_name, version = EXCLUDED.version, name_key = EXCLUDED.name_key`,
			id, name, mgr, lat, lon, version, at, master, dnames.Key(name))
		payload, _ := json.Marshal(map[string]any{
			"hub_id": id, "hub_name": name, "hub_manager_id": mgr, "zip_code": "04524", "address1": "주소 1", "address2": "",
			"latitude": lat, "longitude": lon, "is_deleted": false, "version": version,
			"created_at": at, "created_by": master, "updated_at": at, "updated_by": master,
			"deleted_at": nil, "deleted_by": nil,
		})
		typ := hub.Created
		if version > 1 {
			typ = hub.Updated
		}
		mustExec(t, db, `INSERT INTO hub_events (event_id, event_type, hub_id, hub_version, actor, occurred_at, payload)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, uuid.New(), string(typ), id, version, master, at, payload)
	}
	lat, lon := 37.5665, 126.978
	oldHub(withLoc, "업그레이드 센터", 1, &manager, &lat, &lon)
	oldHub(plain, "플레인 센터", 1, nil, nil, nil)
	oldHub(withLoc, "업그레이드 허브", 2, &manager, &lat, &lon)
	var oldSeqs []int64
	if err := db.Select(&oldSeqs, "SELECT seq FROM hub_events ORDER BY seq"); err != nil {
		t.Fatal(err)
	}

	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	repo := hubRepo(t, postgres.NewStore(db))
	check := func(step string) []feed.Event {
		t.Helper()
		events, err := repo.Store().EventsAfter(ctx, 0, 100, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(events) < len(oldSeqs) {
			t.Fatalf("%s: %d events, want at least the %d old ones", step, len(events), len(oldSeqs))
		}
		for i, want := range []struct {
			id      uuid.UUID
			version int64
		}{{withLoc, 1}, {plain, 1}, {withLoc, 2}} {
			e := events[i]
			if e.Seq != oldSeqs[i] || e.AggregateType != "hub" || e.AggregateID != want.id || e.Version != want.version {
				t.Errorf("%s: old event %d: seq %d %s %s v%d, want seq %d hub %s v%d", step, i,
					e.Seq, e.AggregateType, e.AggregateID, e.Version, oldSeqs[i], want.id, want.version)
			}
		}
		// The state of the old events is the public JSON a new event writes, key order included.
		for i, e := range events[1:2] {
			h, err := repo.FindByID(ctx, plain)
			if err != nil {
				t.Fatal(err)
			}
			wantState, _ := json.Marshal(query.HubStateOf(h.Snapshot()))
			var got bytes.Buffer
			_ = json.Compact(&got, e.State)
			if got.String() != string(wantState) {
				t.Errorf("%s: old event %d state\n %s\nwant\n %s", step, i+1, got.String(), wantState)
			}
		}
		return events
	}
	check("after the upgrade")
	var old1 query.HubState
	if err := json.Unmarshal(check("again")[0].State, &old1); err != nil || old1.Location == nil ||
		old1.Location.Latitude != lat || old1.HubManagerID == nil || *old1.HubManagerID != manager || old1.HubName != "업그레이드 센터" {
		t.Errorf("old event 0 state %+v (%v)", old1, err)
	}

	// A new change follows the old events, with the next seq.
	changed, err := repo.Update(ctx, withLoc, func(h *hub.Hub) error {
		d := h.Details()
		d.Address.Address2 = "새 주소"
		return h.Change(d, master, at.Add(time.Minute))
	})
	if err != nil {
		t.Fatal(err)
	}
	events := check("after a new change")
	if len(events) != len(oldSeqs)+1 {
		t.Fatalf("%d events, want %d", len(events), len(oldSeqs)+1)
	}
	last := events[len(events)-1]
	if last.Seq != oldSeqs[len(oldSeqs)-1]+1 || last.AggregateType != "hub" || last.AggregateID != withLoc ||
		last.Version != 3 || !sameJSON(t, last.State, query.HubStateOf(changed.Snapshot())) {
		t.Errorf("the new event %+v, want seq %d of hub %s v3", last, oldSeqs[len(oldSeqs)-1]+1, withLoc)
	}

	// Down to the old release's schema and up again: the same events.
	if err := m.MigrateTo(14); err != nil {
		t.Fatal(err)
	}
	var back []struct {
		Seq  int64   `db:"seq"`
		Name string  `db:"name"`
		Lat  *string `db:"lat"`
	}
	if err := db.Select(&back, `SELECT seq, payload->>'hub_name' AS name, payload->>'latitude' AS lat FROM hub_events ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	if len(back) != 4 || back[0].Name != "업그레이드 센터" || back[0].Lat == nil || *back[0].Lat != "37.5665" ||
		back[1].Lat != nil || back[3].Seq != last.Seq {
		t.Errorf("down to 14: %+v", back)
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	if again := check("down and up"); len(again) != 4 || !sameJSON(t, again[3].State, query.HubStateOf(changed.Snapshot())) {
		t.Errorf("down and up: %d events, last %s", len(again), again[len(again)-1].State)
	}
}
