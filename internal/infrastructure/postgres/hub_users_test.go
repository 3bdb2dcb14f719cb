package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestHubRepository_LiveUsers: the hub-in-use guard's count is a hub's live shippers and
// companies only (not its deleted ones, not another hub's), and, over 200 hubs with 50 shippers
// and 10 companies each, its statement (as sent, taken from the driver) reads the partial live
// indexes of migrations 0020 and 0021, never a whole table.
func TestHubRepository_LiveUsers(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	loadLocatedHubs(t, db, 200)
	for _, q := range []string{`
		INSERT INTO shippers (shipper_id, hub_id, shipper_type, is_deleted, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(), h.hub_id, CASE WHEN g % 2 = 0 THEN 'SHIPPER_HUB' ELSE 'SHIPPER_CUSTOMER' END, g % 7 = 0,
		       1, now(), $1, now(), $1, CASE WHEN g % 7 = 0 THEN now() END, CASE WHEN g % 7 = 0 THEN $1::uuid END
		FROM hubs h, generate_series(1, 50) AS g`, `
		INSERT INTO companies (company_id, company_name, name_key, hub_id, address1, is_deleted, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(), 'co ' || h.hub_id || ' ' || g, 'co ' || h.hub_id || ' ' || g, h.hub_id, 'address', g % 4 = 0,
		       1, now(), $1, now(), $1, CASE WHEN g % 4 = 0 THEN now() END, CASE WHEN g % 4 = 0 THEN $1::uuid END
		FROM hubs h, generate_series(1, 10) AS g`,
	} {
		if _, err := db.Exec(q, master); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`ANALYZE shippers; ANALYZE companies`); err != nil {
		t.Fatal(err)
	}
	var hubID uuid.UUID
	if err := db.Get(&hubID, `SELECT hub_id FROM hubs WHERE NOT is_deleted ORDER BY hub_id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	repo := hubRepo(t, postgres.NewStore(db))
	log.Reset()
	shippers, companies, err := repo.LiveUsers(context.Background(), hubID)
	if err != nil {
		t.Fatal(err)
	}
	// Of g = 1…50, the multiples of 7 are deleted: 43 live; of 1…10, the multiples of 4: 8 live.
	if shippers != 43 || companies != 8 {
		t.Errorf("LiveUsers = %d shippers, %d companies; want 43 and 8", shippers, companies)
	}
	if _, _, err := repo.LiveUsers(context.Background(), uuid.New()); err != nil {
		t.Errorf("LiveUsers of an unknown hub: %v", err)
	}

	var sent string
	for _, st := range log.Statements() {
		if strings.Contains(st, "FROM shippers") {
			sent = st
		}
	}
	if sent == "" {
		t.Fatalf("no count among the statements sent: %q", log.Statements())
	}
	plan := explainText(t, db.Unsafe(), "EXPLAIN "+sent, []any{hubID})
	for _, want := range []string{"shippers_live_", "companies_live_hub"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the count does not read %s*:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "Seq Scan") {
		t.Errorf("the count scans a whole table:\n%s", plan)
	}
}
