package postgres_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/domain/hub"
	namekey "github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// loadRealisticHubs inserts n hubs with Korean and Latin region names, 1,000 managers (and 5%
// without), 10% deleted and spread-out timestamps, then ANALYZEs, as the planner needs. The
// names and their keys are made here, since hubd computes keys (names.Key), SQL cannot.
func loadRealisticHubs(t testing.TB, db *sqlx.DB, n int) {
	t.Helper()
	regions := []string{"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원",
		"충북", "충남", "전북", "전남", "경북", "경남", "제주", "Seoul", "Busan", "Incheon"}
	districts := []string{"동부", "서부", "남부", "북부", "중앙", "항만", "공항", "Central", "Harbor", "East"}
	hubNames, keys := make([]string, n), make([]string, n)
	for i := 1; i <= n; i++ {
		hubNames[i-1] = fmt.Sprintf("%s %s 센터 %d", regions[i%20], districts[(i/20)%10], i)
		keys[i-1] = namekey.Key(hubNames[i-1])
	}
	_, err := db.Exec(`
		INSERT INTO hubs (hub_id, hub_name, name_key, hub_manager_id, address1, version, is_deleted,
		                  created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(), g.name, g.key,
		       CASE WHEN i % 20 = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad((i % 1000)::text, 12, '0'))::uuid END,
		       split_part(g.name, ' ', 1) || ' 어딘가로 ' || i, 1, i % 10 = 0,
		       now() - (i || ' minutes')::interval, $1,
		       now() - ((i % 977) || ' minutes')::interval, $1,
		       CASE WHEN i % 10 = 0 THEN now() ELSE NULL END,
		       CASE WHEN i % 10 = 0 THEN $1::uuid ELSE NULL END
		FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS g(name, key, i)`, master, pq.Array(hubNames), pq.Array(keys))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE hubs"); err != nil {
		t.Fatal(err)
	}
}

// TestHubRepository_ExplainUsesIndexes loads 100,000 hubs and checks with EXPLAIN that, for
// every combination of filters, deleted or not, and every sort in both directions, the content
// query reads through an index, and that with a selective filter the count does not scan the
// whole table either.
func TestHubRepository_ExplainUsesIndexes(t *testing.T) {
	t.Parallel()
	db := pgtest.Open(t)
	loadRealisticHubs(t, db, 100_000)

	var liveID, deletedID uuid.UUID
	if err := db.Get(&liveID, "SELECT hub_id FROM hubs WHERE NOT is_deleted LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&deletedID, "SELECT hub_id FROM hubs WHERE is_deleted LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	// Guard the guard: a filter no index serves must be reported.
	if seqScans(t, db, postgres.Statement{SQL: "SELECT * FROM hubs WHERE address1 LIKE $1", Args: []any{"%어딘가로 5%"}}) == "" {
		t.Fatal("seqScans does not see a sequential scan")
	}
	manager := uuid.MustParse("00000000-0000-4000-8000-000000000123")
	sorts := []paging.Sort{nil}
	for _, prop := range hub.SortableProperties {
		for _, dir := range []paging.Direction{paging.Asc, paging.Desc} {
			sorts = append(sorts, paging.Sort{{Property: prop, Direction: dir}})
		}
	}
	checked := 0
	for mask := range 16 { // every subset of {id, prefix, contains, manager}
		for _, deleted := range []bool{false, true} {
			cond := hub.SearchCondition{Deleted: deleted}
			if mask&1 != 0 {
				id := liveID
				if deleted {
					id = deletedID
				}
				cond.HubID = &id
			}
			if mask&2 != 0 {
				cond.NamePrefix = "부산 항만"
			}
			if mask&4 != 0 {
				cond.NameContains = "센터 12"
			}
			if mask&8 != 0 {
				cond.ManagerID = &manager
			}
			for _, sort := range sorts {
				for _, mode := range []paging.CountMode{paging.CountExact, paging.CountEstimated} {
					content, count, err := hubstore.SearchStatements(cond, paging.Pageable{Size: 20, Sort: sort, Count: mode})
					if err != nil {
						t.Fatal(err)
					}
					name := fmt.Sprintf("filters %04b deleted %v sort %v count %d", mask, deleted, sort, mode)
					if scans := seqScans(t, db, content); scans != "" {
						t.Errorf("%s: content query scans the table:\n%s", name, scans)
					}
					if mask != 0 {
						if scans := seqScans(t, db, count); scans != "" {
							t.Errorf("%s: count query scans the table:\n%s", name, scans)
						}
					}
					checked++
				}
			}
		}
	}
	if checked != 16*2*7*2 {
		t.Fatalf("checked %d plans", checked)
	}
}

// seqScans returns the plan when it holds a sequential scan of hubs, else "".
func seqScans(t *testing.T, db *sqlx.DB, st postgres.Statement) string {
	t.Helper()
	var plan string
	if err := db.Get(&plan, "EXPLAIN (FORMAT JSON) "+st.SQL, st.Args...); err != nil {
		t.Fatalf("explain %s: %v", st.SQL, err)
	}
	var nodes []map[string]any
	if err := json.Unmarshal([]byte(plan), &nodes); err != nil {
		t.Fatal(err)
	}
	if hasSeqScan(nodes[0]["Plan"]) {
		var text []string
		_ = db.Select(&text, "EXPLAIN "+st.SQL, st.Args...)
		return st.SQL + "\n" + strings.Join(text, "\n")
	}
	return ""
}

func hasSeqScan(node any) bool {
	m, ok := node.(map[string]any)
	if !ok {
		return false
	}
	if m["Node Type"] == "Seq Scan" && m["Relation Name"] == "hubs" {
		return true
	}
	children, _ := m["Plans"].([]any)
	for _, c := range children {
		if hasSeqScan(c) {
			return true
		}
	}
	return false
}
