package postgres_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
)

// TestHubRepository_CursorWalkEqualsOffsetWalk follows nextCursor to the end for every sort,
// including mixed directions, and gets exactly the rows offset paging gives, in the same order.
func TestHubRepository_CursorWalkEqualsOffsetWalk(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	for i := range 23 {
		// Names repeat in case only among deleted hubs; creation times repeat to test ties.
		h := mustCreate(t, repo, details(fmt.Sprintf("Hub %02d", i%17)+string(rune('a'+i/17))), base.Add(time.Duration(i%5)*time.Minute))
		if i%6 == 0 {
			mustDelete(t, repo, h.ID())
		}
	}
	sorts := []paging.Sort{
		nil,
		{{Property: hub.SortByName}},
		{{Property: hub.SortByName, Direction: paging.Desc}},
		{{Property: hub.SortByCreatedAt}},
		{{Property: hub.SortByUpdatedAt, Direction: paging.Desc}},
		{{Property: hub.SortByCreatedAt, Direction: paging.Desc}, {Property: hub.SortByName}},
		{{Property: hub.SortByCreatedAt}, {Property: hub.SortByUpdatedAt, Direction: paging.Desc}},
	}
	for _, deleted := range []bool{false, true} {
		cond := hub.SearchCondition{Deleted: deleted}
		for _, sort := range sorts {
			var byOffset, byCursor []uuid.UUID
			for page := 0; ; page++ {
				got, err := repo.Search(ctx, cond, paging.Pageable{Page: page, Size: 4, Sort: sort})
				if err != nil {
					t.Fatal(err)
				}
				byOffset = append(byOffset, ids(got.Content)...)
				if len(got.Content) < 4 {
					break
				}
			}
			p := paging.Pageable{Size: 4, Sort: sort, Count: paging.CountNone}
			for pages := 0; ; pages++ {
				got, err := repo.Search(ctx, cond, p)
				if err != nil {
					t.Fatalf("sort %v: %v", sort, err)
				}
				byCursor = append(byCursor, ids(got.Content)...)
				if got.HasNext != (got.Next != nil) || pages > 20 {
					t.Fatalf("sort %v: hasNext %v next %v", sort, got.HasNext, got.Next)
				}
				if !got.HasNext {
					break
				}
				p.After = got.Next
			}
			if !reflect.DeepEqual(byOffset, byCursor) || len(byCursor) == 0 {
				t.Errorf("deleted=%v sort %v:\noffset %v\ncursor %v", deleted, sort, byOffset, byCursor)
			}
		}
	}
}

func TestHubRepository_BadCursorsAreInvalidPageables(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	byName := paging.Sort{{Property: hub.SortByName}}
	cases := map[string]paging.Pageable{
		"too few keys":      {Size: 5, Sort: byName, After: &paging.Cursor{Keys: []string{"a"}}},
		"too many keys":     {Size: 5, After: &paging.Cursor{Keys: []string{"2026-01-01T00:00:00Z", uuid.NewString(), "x"}}},
		"time not a time":   {Size: 5, After: &paging.Cursor{Keys: []string{"yesterday", uuid.NewString()}}},
		"id not a UUID":     {Size: 5, After: &paging.Cursor{Keys: []string{"2026-01-01T00:00:00Z", "1; DROP TABLE hubs"}}},
		"NUL in a name key": {Size: 5, Sort: byName, After: &paging.Cursor{Keys: []string{"a\x00", uuid.NewString()}}},
		"with a page":       {Page: 2, Size: 5, After: &paging.Cursor{Keys: []string{"2026-01-01T00:00:00Z", uuid.NewString()}}},
	}
	for name, p := range cases {
		if _, err := repo.Search(ctx, hub.SearchCondition{}, p); !errors.Is(err, paging.ErrInvalidPageable) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestHubRepository_NameContains(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	for i, n := range []string{"서울 동부 센터", "부산 동부 허브", "East Seoul", "100% 동부", "a_b 센터"} {
		mustCreate(t, repo, details(n), base.Add(time.Duration(i)*time.Second))
	}
	cases := map[string][]string{
		"동부":    {"100% 동부", "부산 동부 허브", "서울 동부 센터"},
		"SEOUL": {"East Seoul"},
		"% 동":   {"100% 동부"},
		"_b":    {"a_b 센터"},
		"xyz":   {},
	}
	for q, want := range cases {
		got := names(mustSearch(t, repo, hub.SearchCondition{NameContains: q}, 0, 20, paging.Order{Property: hub.SortByName}).Content)
		if !slices.Equal(got, want) {
			t.Errorf("q %q: got %v, want %v", q, got, want)
		}
	}
}

// TestHubRepository_CountModes checks, at the driver, what each mode sends: exact counts with
// COUNT(*); estimated counts at most 10,001 rows and EXPLAINs above that; none never counts.
func TestHubRepository_CountModes(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	repo := hubRepo(t, postgres.NewStore(db))
	// hubd computes name_key; the key of these lowercase ASCII names is the name itself.
	if _, err := db.Exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
		SELECT gen_random_uuid(), 'bulk ' || i, 'bulk ' || i, 'addr', 1, now(), $1, now(), $1 FROM generate_series(1, 12000) AS i`, master); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE hubs"); err != nil {
		t.Fatal(err)
	}
	search := func(mode paging.CountMode, prefix string) paging.Page[*hub.Hub] {
		log.Reset()
		page, err := repo.Search(ctx, hub.SearchCondition{NamePrefix: prefix}, paging.Pageable{Size: 10, Count: mode})
		if err != nil {
			t.Fatal(err)
		}
		return page
	}
	if p := search(paging.CountExact, ""); p.TotalElements != 12000 || p.Total != paging.TotalExact || log.Count("SELECT COUNT(*) FROM \"hubs\"") != 1 {
		t.Errorf("exact: %d kind %d, statements %q", p.TotalElements, p.Total, log.Statements())
	}
	p := search(paging.CountEstimated, "")
	if p.Total != paging.TotalEstimate || p.TotalElements < 10001 || log.Count("SELECT COUNT(*) FROM (SELECT 1") != 1 || log.Count("EXPLAIN") != 1 {
		t.Errorf("estimated, many: %d kind %d, statements %q", p.TotalElements, p.Total, log.Statements())
	}
	if p.TotalElements < 10800 || p.TotalElements > 13200 {
		t.Errorf("estimate %d is more than 10%% off 12000", p.TotalElements)
	}
	p = search(paging.CountEstimated, "bulk 1")
	if p.Total != paging.TotalExact || p.TotalElements != 3112 || log.Count("EXPLAIN") != 0 {
		t.Errorf("estimated, few: %d kind %d, statements %q", p.TotalElements, p.Total, log.Statements())
	}
	p = search(paging.CountNone, "")
	if p.Total != paging.TotalUnknown || !p.HasNext || p.Next == nil || len(log.Statements()) != 1 {
		t.Errorf("none: %+v, statements %q", p, log.Statements())
	}
}

// TestHubRepository_SearchesArePrepared: the search shapes run as named prepared statements, so
// each is planned once per connection.
func TestHubRepository_SearchesArePrepared(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	db.SetMaxOpenConns(1) // one connection, so pg_prepared_statements below is the one we used
	h := mustCreate(t, repo, details("prepared"), base)
	for range 3 {
		mustSearch(t, repo, hub.SearchCondition{NamePrefix: "pre"}, 0, 20)
		if _, err := repo.FindByID(ctx, h.ID()); err != nil {
			t.Fatal(err)
		}
	}
	var stmts []string
	if err := db.Select(&stmts, "SELECT statement FROM pg_prepared_statements"); err != nil {
		t.Fatal(err)
	}
	var search, get int
	for _, s := range stmts {
		switch {
		case regexpMatch(`"name_key" LIKE \$1\)`, s):
			search++
		case regexpMatch(`WHERE hub_id = \$1$`, s):
			get++
		}
	}
	if search != 1 || get != 1 {
		t.Errorf("prepared statements on the connection: %q", stmts)
	}
}

func TestSearchStatementsAreWhatSearchSends(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	repo := hubRepo(t, postgres.NewStore(db))
	for i := range 30 {
		mustCreate(t, repo, details(fmt.Sprintf("stmt %02d", i)), base)
	}
	cond := hub.SearchCondition{NamePrefix: "stmt"}
	for _, mode := range []paging.CountMode{paging.CountExact, paging.CountEstimated, paging.CountNone} {
		p := paging.Pageable{Page: 1, Size: 10, Count: mode}
		content, count, err := hubstore.SearchStatements(cond, p)
		if err != nil {
			t.Fatal(err)
		}
		log.Reset()
		if _, err := repo.Search(ctx, cond, p); err != nil {
			t.Fatal(err)
		}
		want := []string{content.SQL}
		if mode != paging.CountNone {
			want = append(want, count.SQL)
		}
		if got := log.Statements(); !slices.Equal(got, want) {
			t.Errorf("mode %d:\n sent %q\nbuilt %q", mode, got, want)
		}
	}
}
