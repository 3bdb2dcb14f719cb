package postgres_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
	"github.com/hubd/hubd/internal/infrastructure/postgres/shipperstore"
)

// TestShipperSearch_FiltersSortsAndTheJoin: each filter alone and combined (the hub name prefix
// joined from hubs, in another case and width, with literal wildcards), the deleted switch,
// each sort in both directions with shipperId breaking ties, and the default (newest first).
func TestShipperSearch_FiltersSortsAndTheJoin(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	seoul, busan, pct := e.hub(t, "서울특별시 센터"), e.hub(t, "부산광역시 센터"), e.hub(t, "Seoul_%센터")
	at := func(i int) time.Time { return base.Add(time.Duration(i%3) * time.Second) } // shared times: ties
	var s []*shipperIDsT
	for i, h := range []uuid.UUID{seoul, seoul, busan, busan, pct, seoul} {
		ty := shipper.Types[i%2]
		s = append(s, &shipperIDsT{e.shipper(t, h, ty, at(i)).ID(), h, ty})
	}
	e.change(t, s[5].id, func(x *shipper.Shipper) error { return x.Delete(master, base.Add(time.Hour)) })
	e.change(t, s[1].id, func(x *shipper.Shipper) error {
		return x.Change(shipper.Details{HubID: seoul, Type: shipper.TypeHub}, master, base.Add(time.Minute))
	})
	p := apptest.Pageable(t, 0, 50)
	sorted := func(ids ...uuid.UUID) []uuid.UUID {
		return slices.SortedFunc(slices.Values(ids), func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	}
	set := func(cond shipper.SearchCondition) []uuid.UUID {
		return sorted(shipperIDs(shipperSearch(t, e, cond, p).Content)...)
	}
	id0, hubBusan := s[0].id, busan
	for _, c := range []struct {
		name string
		cond shipper.SearchCondition
		want []uuid.UUID
	}{
		{"live", shipper.SearchCondition{}, sorted(s[0].id, s[1].id, s[2].id, s[3].id, s[4].id)},
		{"deleted", shipper.SearchCondition{Deleted: true}, sorted(s[5].id)},
		{"shipperId", shipper.SearchCondition{ShipperID: &id0}, sorted(id0)},
		{"hubId", shipper.SearchCondition{HubID: &hubBusan}, sorted(s[2].id, s[3].id)},
		{"shipperType", shipper.SearchCondition{Type: shipper.TypeCustomer}, sorted(s[3].id)},
		{"hubName", shipper.SearchCondition{HubNamePrefix: "서울"}, sorted(s[0].id, s[1].id)},
		{"hubName, deleted", shipper.SearchCondition{HubNamePrefix: "서울", Deleted: true}, sorted(s[5].id)},
		{"hubName, case and width", shipper.SearchCondition{HubNamePrefix: "ｓｅｏｕｌ_%"}, sorted(s[4].id)},
		{"hubName, literal wildcard", shipper.SearchCondition{HubNamePrefix: "%"}, nil},
		{"hubName, literal underscore", shipper.SearchCondition{HubNamePrefix: "Seoul%"}, nil},
		{"hubName and type", shipper.SearchCondition{HubNamePrefix: "부산", Type: shipper.TypeHub}, sorted(s[2].id)},
		{"every filter", shipper.SearchCondition{HubNamePrefix: "부산", Type: shipper.TypeCustomer, HubID: &hubBusan, ShipperID: &s[3].id}, sorted(s[3].id)},
	} {
		if got := set(c.cond); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	for _, prop := range shipper.SortableProperties {
		for _, dir := range []paging.Direction{paging.Asc, paging.Desc} {
			page := shipperSearch(t, e, shipper.SearchCondition{}, apptest.Pageable(t, 0, 50, paging.Order{Property: prop, Direction: dir}))
			ok := slices.IsSortedFunc(page.Content, func(a, b query.ShipperView) int {
				ta, tb := a.CreatedAt, b.CreatedAt
				if prop == shipper.SortByUpdatedAt {
					ta, tb = a.UpdatedAt, b.UpdatedAt
				}
				c := ta.Compare(tb)
				if c == 0 {
					c = strings.Compare(a.ID.String(), b.ID.String())
				}
				if dir == paging.Desc {
					c = -c
				}
				return c
			})
			if !ok || len(page.Content) != 5 {
				t.Errorf("sort %s %v: %v", prop, dir, shipperIDs(page.Content))
			}
		}
	}
	def := shipperSearch(t, e, shipper.SearchCondition{}, p).Content
	if def[0].CreatedAt.Before(def[len(def)-1].CreatedAt) {
		t.Errorf("default order is not newest first: %v", shipperIDs(def))
	}
	if _, err := e.shippers.SearchViews(ctx, shipper.SearchCondition{}, apptest.Pageable(t, 0, 5, paging.Order{Property: "hubName"})); !errors.Is(err, paging.ErrInvalidPageable) {
		t.Errorf("an unknown sort: %v", err)
	}
}

type shipperIDsT struct {
	id  uuid.UUID
	hub uuid.UUID
	ty  shipper.Type
}

// TestShipperSearch_CursorWalksWithTheJoin walks a joined search by cursor, two at a time, and
// finds every match once, in order.
func TestShipperSearch_CursorWalksWithTheJoin(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	a, b := e.hub(t, "대전 센터"), e.hub(t, "대구 센터")
	var want []uuid.UUID
	for i := range 9 {
		h := a
		if i%3 == 0 {
			h = b
		}
		e.shipper(t, h, shipper.TypeHub, base.Add(time.Duration(i%4)*time.Second))
	}
	cond := shipper.SearchCondition{HubNamePrefix: "대"}
	want = shipperIDs(shipperSearch(t, e, cond, apptest.Pageable(t, 0, 50, paging.Order{Property: shipper.SortByCreatedAt})).Content)
	var got []uuid.UUID
	p := apptest.Pageable(t, 0, 2, paging.Order{Property: shipper.SortByCreatedAt})
	for range 10 {
		page := shipperSearch(t, e, cond, p)
		got = append(got, shipperIDs(page.Content)...)
		if page.Next == nil {
			break
		}
		p.After = page.Next
	}
	if len(want) != 9 || !slices.Equal(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
}

// TestShipperSearch_CountQueryOnlyWhenNeeded counts the COUNT statements that reached the server
// for each case of the count rule, the join included, and checks that the count carries the
// join and the content's WHERE.
func TestShipperSearch_CountQueryOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	e := shipperEnvOver(t, db)
	a, other := e.hub(t, "인천 센터"), e.hub(t, "광주 센터")
	for i := range 10 {
		e.shipper(t, a, shipper.TypeHub, base.Add(time.Duration(i)*time.Second))
		e.shipper(t, other, shipper.TypeHub, base)
	}
	for _, cond := range []shipper.SearchCondition{{HubID: &a}, {HubNamePrefix: "인천"}} {
		for _, c := range countCases {
			log.Reset()
			checkCounted(t, log, fmt.Sprintf("%+v ", cond), c, shipperSearch(t, e, cond, apptest.Pageable(t, c.page, c.size)))
		}
	}
	content, count, err := shipperstore.SearchStatements(shipper.SearchCondition{HubNamePrefix: "인천"}, apptest.Pageable(t, 1, 4))
	if err != nil {
		t.Fatal(err)
	}
	where := func(sql string) string {
		return sql[strings.Index(sql, " FROM "):strings.Index(sql+" ORDER BY", " ORDER BY")]
	}
	if !strings.Contains(count.SQL, `INNER JOIN "hubs"`) || !strings.Contains(count.SQL, where(content.SQL)) {
		t.Errorf("the count does not share the content's join and WHERE:\n%s\n%s", content.SQL, count.SQL)
	}
	plain, _, err := shipperstore.SearchStatements(shipper.SearchCondition{HubID: &a}, apptest.Pageable(t, 0, 4))
	if err != nil || strings.Contains(plain.SQL, "JOIN") {
		t.Errorf("a search without hubName joins: %s %v", plain.SQL, err)
	}
}

// TestShipperSearchStatementsAreWhatSearchSends: the statements SearchStatements renders (the
// bench runs pgbench on them) are exactly those the search sends, joined and plain, in each
// count mode.
func TestShipperSearchStatementsAreWhatSearchSends(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	e := shipperEnvOver(t, db)
	seoul := e.hub(t, "Seoul Mapo 센터")
	for i := range 30 {
		e.shipper(t, seoul, shipper.Types[i%2], base.Add(time.Duration(i)*time.Second))
	}
	for _, cond := range []shipper.SearchCondition{{HubNamePrefix: "Seoul Mapo"}, {HubID: &seoul}} {
		for _, mode := range []paging.CountMode{paging.CountExact, paging.CountEstimated, paging.CountNone} {
			p := paging.Pageable{Page: 1, Size: 10, Count: mode}
			content, count, err := shipperstore.SearchStatements(cond, p)
			if err != nil {
				t.Fatal(err)
			}
			log.Reset()
			if page := shipperSearch(t, e, cond, p); len(page.Content) != 10 {
				t.Fatalf("%+v mode %d: %d shippers on page 1, want 10", cond, mode, len(page.Content))
			}
			want := []string{content.SQL}
			if mode != paging.CountNone {
				want = append(want, count.SQL)
			}
			if got := log.Statements(); !slices.Equal(got, want) {
				t.Errorf("%+v mode %d:\n sent %q\nbuilt %q", cond, mode, got, want)
			}
		}
	}
}

// TestShipperSearch_HubNameUsesTheNameIndexes: over 20,000 hubs with two shippers and a
// company each, the shipper and the company search by hub name read hubs through their name
// indexes (live and deleted, ORed), content and count, live or deleted, never every hub.
func TestShipperSearch_HubNameUsesTheNameIndexes(t *testing.T) {
	t.Parallel()
	db := pgtest.Open(t)
	loadRealisticHubs(t, db, 20_000)
	if _, err := db.Exec(`INSERT INTO shippers (shipper_id, hub_id, shipper_type, is_deleted, version,
		created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
		SELECT gen_random_uuid(), hub_id, t, false, 1, created_at, $1, created_at, $1, NULL, NULL
		FROM hubs, unnest(ARRAY['SHIPPER_HUB', 'SHIPPER_CUSTOMER']) AS t`, master); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO companies (company_id, company_name, name_key, hub_id, address1, version,
		created_at, created_by, updated_at, updated_by) SELECT gen_random_uuid(), 'c ' || hub_id, 'c ' || hub_id, hub_id, address1, 1,
		created_at, $1, created_at, $1 FROM hubs WHERE NOT is_deleted`, master); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE shippers, companies"); err != nil {
		t.Fatal(err)
	}
	for _, deleted := range []bool{false, true} {
		p := paging.Pageable{Size: 20, Count: paging.CountExact}
		content, count, err := shipperstore.SearchStatements(shipper.SearchCondition{HubNamePrefix: "부산 항만", Deleted: deleted}, p)
		if err != nil {
			t.Fatal(err)
		}
		cContent, cCount, err := companystore.SearchStatements(company.SearchCondition{HubNamePrefix: "부산 항만", Deleted: deleted}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []postgres.Statement{content, count, cContent, cCount} {
			if scans := seqScans(t, db, st); scans != "" {
				t.Errorf("deleted %v: the search reads every hub:\n%s", deleted, scans)
			}
		}
	}
}
