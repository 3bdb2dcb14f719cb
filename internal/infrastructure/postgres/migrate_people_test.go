package postgres_test

import (
	"database/sql"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

// rotationTurn is the fair rotation's statement as shipper.Rotation documents it: advance the
// (hub, type) counter by one and take the Turn(turn, n)-th of the n live shippers in shipper_id
// order, in one statement. The adapter of issue 12 is to issue it; here it proves the schema
// carries the design.
const rotationTurn = `WITH tick AS (
    INSERT INTO shipper_rotations AS r (hub_id, shipper_type, next_turn) VALUES ($1, $2, 1)
    ON CONFLICT (hub_id, shipper_type) DO UPDATE SET next_turn = r.next_turn + 1
    RETURNING next_turn - 1 AS turn
), live AS (
    SELECT shipper_id, row_number() OVER (ORDER BY shipper_id) - 1 AS i, count(*) OVER () AS n
    FROM shippers WHERE hub_id = $1 AND shipper_type = $2 AND NOT is_deleted
)
SELECT live.shipper_id FROM live, tick WHERE live.i = tick.turn % live.n`

// TestMigrations_ShippersAndCompanies applies every migration to a fresh database and checks the
// shippers', the rotation's and the companies' tables: their constraints, the live-only
// uniqueness of company names, and the rotation's fairness under concurrency on the schema
// alone; then reverts 0021 and 0020 (hubs stay), and applies them again.
func TestMigrations_ShippersAndCompanies(t *testing.T) {
	t.Parallel()
	dsn := pgtest.EmptyDatabase(t, "hubd_migrate_people_test")
	db := openDB(t, dsn)
	tables := func() string {
		var got string
		if err := db.QueryRow(`SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables
			WHERE tablename IN ('hubs', 'shippers', 'shipper_rotations', 'companies')`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	m := openMigrator(t, dsn)
	const all = "companies,hubs,shipper_rotations,shippers"
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	if v, dirty, _ := m.Version(); v != 21 || dirty || tables() != all {
		t.Fatalf("after up: version %d dirty %v tables %s", v, dirty, tables())
	}

	checkSchema(t, db)

	if err := m.Down(2); err != nil {
		t.Fatal(err)
	}
	if v, dirty, _ := m.Version(); v != 17 || dirty || tables() != "hubs" {
		t.Fatalf("after down 2: version %d dirty %v tables %s", v, dirty, tables())
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	if v, dirty, _ := m.Version(); v != 21 || dirty || tables() != all {
		t.Fatalf("after up again: version %d dirty %v tables %s", v, dirty, tables())
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM shippers`).Scan(&n); err != nil || n != 0 {
		t.Errorf("shippers after down and up: %d, %v", n, err)
	}
}

func checkSchema(t *testing.T, db *sql.DB) {
	t.Helper()
	hubID := uuid.New()
	actor := uuid.New()
	exec := func(q string, args ...any) error {
		_, err := db.Exec(q, args...)
		return err
	}
	if err := exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
		VALUES ($1, '서울특별시 센터', '서울특별시 센터', '주소', 1, now(), $2, now(), $2)`, hubID, actor); err != nil {
		t.Fatal(err)
	}
	insertShipper := func(id, hub uuid.UUID, typ string) error {
		return exec(`INSERT INTO shippers (shipper_id, hub_id, shipper_type, version, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, 1, now(), $4, now(), $4)`, id, hub, typ, actor)
	}
	insertCompany := func(id uuid.UUID, name, key string, deleted bool) error {
		return exec(`INSERT INTO companies (company_id, company_name, name_key, hub_id, address1, is_deleted, deleted_at,
				version, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, '주소', $5, CASE WHEN $5 THEN now() END, 1, now(), $6, now(), $6)`, id, name, key, hubID, deleted, actor)
	}
	refused := func(label string, err error, code pq.ErrorCode, constraint string) {
		t.Helper()
		var pe *pq.Error
		if !errors.As(err, &pe) || pe.Code != code || pe.Constraint != constraint {
			t.Errorf("%s: %v, want %s on %s", label, err, code, constraint)
		}
	}
	const fk, unique, check = pq.ErrorCode("23503"), pq.ErrorCode("23505"), pq.ErrorCode("23514")

	var ids []uuid.UUID
	for range 7 {
		id := uuid.New()
		ids = append(ids, id)
		if err := insertShipper(id, hubID, "SHIPPER_HUB"); err != nil {
			t.Fatal(err)
		}
	}
	refused("a second shipper with the id", insertShipper(ids[0], hubID, "SHIPPER_CUSTOMER"), unique, "shippers_pkey")
	refused("a shipper at no hub", insertShipper(uuid.New(), uuid.New(), "SHIPPER_HUB"), fk, "shippers_hub_id_fkey")
	refused("an unknown type", insertShipper(uuid.New(), hubID, "SHIPPER_TRUCK"), check, "shippers_type")
	refused("deleted without a time", exec(`UPDATE shippers SET is_deleted = true WHERE shipper_id = $1`, ids[0]), check, "shippers_deleted_state")

	first := uuid.New()
	if err := insertCompany(first, "한빛 물류", "한빛 물류", false); err != nil {
		t.Fatal(err)
	}
	refused("a live company with the key", insertCompany(uuid.New(), "한빛  물류", "한빛 물류", false), unique, "companies_live_name_key")
	refused("a company without a key", insertCompany(uuid.New(), "x", "", false), check, "companies_name_key_present")
	if err := insertCompany(uuid.New(), "한빛 물류", "한빛 물류", true); err != nil {
		t.Errorf("a deleted company with a live one's key: %v", err)
	}
	if err := exec(`UPDATE companies SET is_deleted = true, deleted_at = now() WHERE company_id = $1`, first); err != nil {
		t.Fatal(err)
	}
	if err := insertCompany(uuid.New(), "한빛 물류", "한빛 물류", false); err != nil {
		t.Errorf("the key of a deleted company reused: %v", err)
	}
	refused("a rotation of an unknown type", exec(`INSERT INTO shipper_rotations (hub_id, shipper_type) VALUES ($1, 'X')`, hubID), check, "shipper_rotations_type")

	// 1,000 concurrent turns over 7 shippers: 142 or 143 each. 16 connections at a time, no
	// transaction around a turn: the counter row's lock lasts one statement.
	db.SetMaxOpenConns(16)
	counts := map[uuid.UUID]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 1000; i += 16 {
				var got uuid.UUID
				if err := db.QueryRow(rotationTurn, hubID, string(shipper.TypeHub)).Scan(&got); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				counts[got]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var spread []int
	for _, id := range ids {
		spread = append(spread, counts[id])
		if c := counts[id]; c != 142 && c != 143 {
			t.Errorf("shipper %s got %d of 1,000", id, c)
		}
	}
	t.Logf("1,000 concurrent turns over 7 shippers: %v", spread)

	// A deleted shipper leaves the rotation at once, a new one joins at once: the next 7 turns go
	// to the 7 live shippers (the 6 that stayed and the one that came), each once.
	if err := exec(`UPDATE shippers SET is_deleted = true, deleted_at = now() WHERE shipper_id = $1`, ids[3]); err != nil {
		t.Fatal(err)
	}
	joined := uuid.New()
	if err := insertShipper(joined, hubID, "SHIPPER_HUB"); err != nil {
		t.Fatal(err)
	}
	seen := map[uuid.UUID]int{}
	for range 7 {
		var got uuid.UUID
		if err := db.QueryRow(rotationTurn, hubID, "SHIPPER_HUB").Scan(&got); err != nil {
			t.Fatal(err)
		}
		seen[got]++
	}
	if seen[ids[3]] != 0 || seen[joined] != 1 || len(seen) != 7 {
		t.Errorf("after a deletion and a registration, 7 turns went to %v", seen)
	}
	// No shipper of the type: no row (NO_SHIPPER), and no error.
	err := db.QueryRow(rotationTurn, hubID, "SHIPPER_CUSTOMER").Scan(new(uuid.UUID))
	if !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("a turn without shippers: %v", err)
	}
}
