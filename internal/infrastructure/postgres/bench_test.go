package postgres_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// benchHubs is how many hubs the database benchmarks load.
const benchHubs = 20_000

// benchPrefix matches 200 live hubs of the benchmark data (서울 센터 001000 to 001995): page 0
// is full, so a search runs its content and its count statement.
const benchPrefix = "서울 센터 001"

// loadBenchHubs gives the benchmark its own database with benchHubs hubs, made by SQL in one
// statement: five name stems, 100 managers (every tenth hub has none), every tenth hub deleted,
// one creation a second going back from base. The table is vacuumed and analyzed, as a
// long-lived one would be.
func loadBenchHubs(b *testing.B) (*hubstore.Repository, *sqlx.DB) {
	b.Helper()
	db := pgtest.Open(b)
	_, err := db.ExecContext(ctx, `
		INSERT INTO hubs (hub_id, hub_name, name_key, hub_manager_id, zip_code, address1, latitude, longitude,
			is_deleted, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(),
			-- the key of these names (Hangul, digits, single spaces) is the name itself
			(ARRAY['서울','부산','대구','인천','광주'])[1 + i % 5] || ' 센터 ' || lpad(i::text, 6, '0'),
			(ARRAY['서울','부산','대구','인천','광주'])[1 + i % 5] || ' 센터 ' || lpad(i::text, 6, '0'),
			CASE WHEN i % 10 = 7 THEN NULL
				ELSE ('00000000-0000-4000-8000-' || lpad((i % 100)::text, 12, '0'))::uuid END,
			'05544', '주소 ' || i, 37.5, 127.0,
			i % 10 = 1, 1, $1::timestamptz - make_interval(secs => i), $2,
			$1::timestamptz - make_interval(secs => i), $2,
			CASE WHEN i % 10 = 1 THEN $1::timestamptz END, CASE WHEN i % 10 = 1 THEN $2::uuid END
		FROM generate_series(1, $3::int) i`, base, master, benchHubs)
	if err != nil {
		b.Fatalf("load hubs: %v", err)
	}
	if _, err := db.ExecContext(ctx, "VACUUM (ANALYZE) hubs"); err != nil {
		b.Fatal(err)
	}
	repo, err := hubstore.New(postgres.NewStore(db))
	if err != nil {
		b.Fatal(err)
	}
	return repo, db
}

// BenchmarkSearchStatements is the query builder alone: the condition and page request to SQL
// text and arguments, no database.
func BenchmarkSearchStatements(b *testing.B) {
	id := uuid.MustParse("00000000-0000-4000-8000-000000000042")
	cases := []struct {
		name string
		cond hub.SearchCondition
		p    paging.Pageable
	}{
		{"prefix/page0", hub.SearchCondition{NamePrefix: benchPrefix},
			paging.Pageable{Size: 20, Sort: paging.Sort{{Property: hub.SortByName}}}},
		{"manager/page0", hub.SearchCondition{ManagerID: &id}, paging.Pageable{Size: 20}},
		{"none/cursor", hub.SearchCondition{}, paging.Pageable{Size: 20, Count: paging.CountNone,
			After: &paging.Cursor{Keys: []string{"2026-11-21T05:00:00Z", id.String()}}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := hubstore.SearchStatements(c.cond, c.p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch is the repository's Search on a real database: build, prepared statements,
// scan into rows, map to hubs, and the count when the page needs it; and (views/...) the read
// model the search use case reads through, SearchHubViews, the same without the aggregates.
func BenchmarkSearch(b *testing.B) {
	repo, _ := loadBenchHubs(b)
	byName := paging.Sort{{Property: hub.SortByName}}
	first, err := repo.Search(ctx, hub.SearchCondition{}, paging.Pageable{Size: 20, Count: paging.CountNone})
	if err != nil || first.Next == nil {
		b.Fatalf("first page: %v, next %v", err, first.Next)
	}
	manager := uuid.MustParse("00000000-0000-4000-8000-000000000042")
	cases := []struct {
		name string
		cond hub.SearchCondition
		p    paging.Pageable
	}{
		// 200 matches: content and count.
		{"prefix/page0", hub.SearchCondition{NamePrefix: benchPrefix}, paging.Pageable{Size: 20, Sort: byName}},
		{"prefix/page0/none", hub.SearchCondition{NamePrefix: benchPrefix}, paging.Pageable{Size: 20, Sort: byName, Count: paging.CountNone}},
		{"manager/page0", hub.SearchCondition{ManagerID: &manager}, paging.Pageable{Size: 20}},
		{"all/cursor/none", hub.SearchCondition{}, paging.Pageable{Size: 20, Count: paging.CountNone, After: first.Next}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			pgtest.ReportCPU(b)
			for b.Loop() {
				page, err := repo.Search(ctx, c.cond, c.p)
				if err != nil || len(page.Content) != 20 {
					b.Fatalf("search: %v, %d hubs", err, len(page.Content))
				}
			}
		})
	}
	for _, c := range cases {
		b.Run("views/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			pgtest.ReportCPU(b)
			for b.Loop() {
				page, err := repo.SearchViews(ctx, c.cond, c.p)
				if err != nil || len(page.Content) != 20 {
					b.Fatalf("search: %v, %d hubs", err, len(page.Content))
				}
			}
		})
	}
}

// BenchmarkFindByID reads one hub by its id: the aggregate (FindByID) and the view (HubView).
func BenchmarkFindByID(b *testing.B) {
	repo, db := loadBenchHubs(b)
	var id uuid.UUID
	if err := db.GetContext(ctx, &id, "SELECT hub_id FROM hubs WHERE NOT is_deleted ORDER BY hub_id LIMIT 1 OFFSET 777"); err != nil {
		b.Fatal(err)
	}
	b.Run("aggregate", func(b *testing.B) {
		b.ReportAllocs()
		pgtest.ReportCPU(b)
		for b.Loop() {
			if _, err := repo.FindByID(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("view", func(b *testing.B) {
		b.ReportAllocs()
		pgtest.ReportCPU(b)
		for b.Loop() {
			if _, err := repo.View(ctx, id, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
