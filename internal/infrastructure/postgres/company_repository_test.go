package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres/companystore"
)

// TestCompanyRepository_CRUDAndEvents: a company round-trips (its view too), name_key is
// hubd's key of the name, every change stores one outbox event of aggregate type company whose
// state is the company's public JSON, and a change that changes nothing stores nothing.
func TestCompanyRepository_CRUDAndEvents(t *testing.T) {
	t.Parallel()
	e := newCompanyEnv(t)
	a, b := e.hub(t, "서울특별시 센터"), e.hub(t, "부산 센터")
	m := uuid.New()
	c := e.mustCompany(t, companyDetails("  ＨＡＮ\u3000빛  ", a, &m), base)
	got, err := e.companies.FindByID(ctx, c.ID())
	if err != nil || !reflect.DeepEqual(got.Snapshot(), c.Snapshot()) {
		t.Fatalf("FindByID: %v\n got %+v\nwant %+v", err, got.Snapshot(), c.Snapshot())
	}
	var key string
	if err := e.db.Get(&key, `SELECT name_key FROM companies WHERE company_id = $1`, c.ID()); err != nil || key != company.NameKey(c.Name()) || key != "han 빛" {
		t.Errorf("name_key %q (%v), want %q", key, err, company.NameKey(c.Name()))
	}
	moved := e.change(t, c.ID(), func(c *company.Company) error {
		d := c.Details()
		d.HubID, d.ManagerID = b, nil
		return c.Change(d, master, base.Add(time.Minute))
	})
	same := e.change(t, c.ID(), func(c *company.Company) error { return c.Change(c.Details(), master, base.Add(2*time.Minute)) })
	if moved.HubID() != b || moved.ManagerID() != nil || moved.Version() != 2 || same.Version() != 2 {
		t.Fatalf("after a move: hub %s manager %v version %d, then %d", moved.HubID(), moved.ManagerID(), moved.Version(), same.Version())
	}
	e.change(t, c.ID(), func(c *company.Company) error { return c.Delete(master, base.Add(time.Hour)) })
	if _, err := e.companies.FindActiveByID(ctx, c.ID()); !errors.Is(err, company.ErrNotFound) {
		t.Errorf("FindActiveByID of a deleted company: %v", err)
	}
	if _, err := e.companies.View(ctx, c.ID(), false); !errors.Is(err, company.ErrNotFound) {
		t.Errorf("the view of a deleted company without withDeleted: %v", err)
	}
	restored := e.change(t, c.ID(), func(c *company.Company) error { return c.Restore(master, base.Add(2*time.Hour)) })
	view, err := e.companies.View(ctx, c.ID(), false)
	if err != nil || !reflect.DeepEqual(view, query.ViewOf(restored)) {
		t.Fatalf("CompanyView: %v\n got %+v\nwant %+v", err, view, query.ViewOf(restored))
	}
	if _, err := e.companies.FindByID(ctx, uuid.New()); !errors.Is(err, company.ErrNotFound) || kernel.CodeOf(err) != "COMPANY_NOT_FOUND" {
		t.Errorf("an unknown id: %v", err)
	}

	var events []struct {
		AggregateType string          `db:"aggregate_type"`
		AggregateID   uuid.UUID       `db:"aggregate_id"`
		Type          string          `db:"type"`
		Version       int64           `db:"version"`
		State         json.RawMessage `db:"state"`
	}
	if err := e.db.Select(&events, `SELECT aggregate_type, aggregate_id, type, version, state FROM events
		WHERE aggregate_type = 'company' ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	types := make([]string, len(events))
	for i, ev := range events {
		types[i] = ev.Type
		if ev.AggregateID != c.ID() || ev.Version != int64(i+1) {
			t.Errorf("event %d: %s version %d", i, ev.AggregateID, ev.Version)
		}
	}
	if want := []string{"company.created", "company.updated", "company.deleted", "company.restored"}; !slices.Equal(types, want) {
		t.Fatalf("events %v, want %v", types, want)
	}
	var last query.CompanyState
	if err := json.Unmarshal(events[3].State, &last); err != nil || !reflect.DeepEqual(last, view.State()) {
		t.Errorf("the last event's state %s (%v), want %+v", events[3].State, err, view.State())
	}
	for _, k := range []string{`"companyId"`, `"companyName"`, `"hubId"`, `"companyManagerId":null`, `"address":{"zipCode":""`, `"isDeleted":false`} {
		if !strings.Contains(string(events[3].State), k) {
			t.Errorf("the state %s lacks %s", events[3].State, k)
		}
	}
}

// TestCompanyRepository_NameTakenByItsKey: a live name is refused by its key, whatever the
// spelling (NFD, full width, case, runs of spaces, a zero-width space), with the holder's id;
// a deleted company's name is free again, and restoring the deleted one is refused in turn.
func TestCompanyRepository_NameTakenByItsKey(t *testing.T) {
	t.Parallel()
	e := newCompanyEnv(t)
	a := e.hub(t, "허브")
	holder := e.mustCompany(t, companyDetails("Café 한빛", a, nil), base)
	for _, look := range []string{"Cafe\u0301 한빛", "ＣＡＦÉ 한빛", "café   한빛", "Ca\u200bfé 한빛", "CAFÉ 한빛"} {
		_, err := e.company(t, companyDetails(look, a, nil), base)
		var taken *company.NameTakenError
		if !errors.As(err, &taken) || taken.HolderID != holder.ID() || kernel.CodeOf(err) != "COMPANY_NAME_TAKEN" || kernel.KindOf(err) != kernel.Conflict {
			t.Errorf("%q: %v, want COMPANY_NAME_TAKEN held by %s", look, err, holder.ID())
		}
	}
	other := e.mustCompany(t, companyDetails("다른 회사", a, nil), base)
	_, err := e.companies.Update(ctx, other.ID(), func(c *company.Company) error {
		d := c.Details()
		d.Name = "CAFE\u0301 한빛"
		return c.Change(d, master, base)
	})
	var taken *company.NameTakenError
	if !errors.As(err, &taken) || taken.HolderID != holder.ID() {
		t.Errorf("a rename onto the name: %v", err)
	}
	if c, _ := e.companies.FindByID(ctx, other.ID()); c.Name() != "다른 회사" || c.Version() != 1 {
		t.Errorf("the refused rename changed the company: %+v", c.Snapshot())
	}
	e.change(t, holder.ID(), func(c *company.Company) error { return c.Delete(master, base) })
	reuser := e.mustCompany(t, companyDetails("ＣＡＦÉ 한빛", a, nil), base)
	_, err = e.companies.Update(ctx, holder.ID(), func(c *company.Company) error { return c.Restore(master, base) })
	if !errors.As(err, &taken) || taken.HolderID != reuser.ID() {
		t.Errorf("restore onto a reused name: %v", err)
	}
}

// TestCompanyRepository_HoldHub: a live hub is held with its manager; a deleted or unknown hub
// is not live; the read takes FOR SHARE in the caller's transaction (a concurrent FOR UPDATE of
// the hub, as its deletion takes, waits until that transaction ends).
func TestCompanyRepository_HoldHub(t *testing.T) {
	t.Parallel()
	e := newCompanyEnv(t)
	m := uuid.New()
	d := details("관리 허브")
	d.ManagerID = &m
	live := mustCreate(t, e.hubs, d, base).ID()
	gone := e.hub(t, "지운 허브")
	mustDelete(t, e.hubs, gone)
	h, err := e.companies.HoldHub(ctx, live)
	if err != nil || !h.Live || h.ManagerID == nil || *h.ManagerID != m {
		t.Errorf("a live hub: %+v %v", h, err)
	}
	for _, id := range []uuid.UUID{gone, uuid.New()} {
		if h, err := e.companies.HoldHub(ctx, id); err != nil || h.Live || h.ManagerID != nil {
			t.Errorf("hub %s: %+v %v", id, h, err)
		}
	}
	tx := e.store.Transactor()
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- tx.InTx(ctx, func(ctx context.Context) error {
			if _, err := e.companies.HoldHub(ctx, live); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	probe, err := e.db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := probe.Exec(`SET LOCAL lock_timeout = '200ms'`); err != nil {
		t.Fatal(err)
	}
	_, lockErr := probe.Exec(`SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE`, live)
	_ = probe.Rollback()
	var pqErr *pq.Error
	if !errors.As(lockErr, &pqErr) || pqErr.Code != "55P03" {
		t.Errorf("FOR UPDATE of a held hub: %v, want a lock timeout", lockErr)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestCompanySearch_FiltersSortsAndTheJoin: each filter alone and combined (hubName joined from
// hubs, its wildcards literal, NFD and full-width prefixes), the deleted switch, every sort both
// ways, and the statements: the join only for hubName, in the content and the count alike.
func TestCompanySearch_FiltersSortsAndTheJoin(t *testing.T) {
	t.Parallel()
	e := newCompanyEnv(t)
	seoul, busan, pct := e.hub(t, "서울특별시 센터"), e.hub(t, "부산 센터"), e.hub(t, "100% 허브")
	m1, m2 := uuid.New(), uuid.New()
	c1 := e.mustCompany(t, companyDetails("Café 가", seoul, &m1), base)
	c2 := e.mustCompany(t, companyDetails("나 물류", seoul, &m2), base.Add(time.Second))
	c3 := e.mustCompany(t, companyDetails("cafeteria", busan, &m1), base.Add(2*time.Second))
	c4 := e.mustCompany(t, companyDetails("50%_off", pct, nil), base.Add(3*time.Second))
	c5 := e.mustCompany(t, companyDetails("다 지운", busan, nil), base.Add(4*time.Second))
	e.change(t, c5.ID(), func(c *company.Company) error { return c.Delete(master, base.Add(time.Hour)) })
	e.change(t, c1.ID(), func(c *company.Company) error { // c1 is the most recently updated
		d := c.Details()
		d.Address.Address2 = "3층"
		return c.Change(d, master, base.Add(time.Minute))
	})
	id1, id5 := c1.ID(), c5.ID()
	all := apptest.Pageable(t, 0, 20)
	ids := func(cs ...*company.Company) []uuid.UUID {
		out := make([]uuid.UUID, len(cs))
		for i, c := range cs {
			out[i] = c.ID()
		}
		return out
	}
	cases := []struct {
		name string
		cond company.SearchCondition
		want []uuid.UUID
	}{
		{"live, newest first", company.SearchCondition{}, ids(c4, c3, c2, c1)},
		{"deleted", company.SearchCondition{Deleted: true}, ids(c5)},
		{"companyId", company.SearchCondition{CompanyID: &id1}, ids(c1)},
		{"companyId of a deleted one", company.SearchCondition{CompanyID: &id5}, nil},
		{"hubId", company.SearchCondition{HubID: &seoul}, ids(c2, c1)},
		{"manager", company.SearchCondition{ManagerID: &m1}, ids(c3, c1)},
		{"name prefix, case and accents by key", company.SearchCondition{NamePrefix: "CAFE\u0301"}, ids(c1)},
		{"name prefix caf", company.SearchCondition{NamePrefix: "ｃａｆ"}, ids(c3, c1)},
		{"name prefix with literal % and _", company.SearchCondition{NamePrefix: "50%_"}, ids(c4)},
		{"name prefix where % would be a wildcard", company.SearchCondition{NamePrefix: "5%"}, nil},
		{"hubName 서울", company.SearchCondition{HubNamePrefix: "서울"}, ids(c2, c1)},
		{"hubName full width and spaces", company.SearchCondition{HubNamePrefix: "서울특별시  센"}, ids(c2, c1)},
		{"hubName literal %", company.SearchCondition{HubNamePrefix: "100%"}, ids(c4)},
		{"hubName where % would be a wildcard", company.SearchCondition{HubNamePrefix: "1%"}, nil},
		{"hubName and manager", company.SearchCondition{HubNamePrefix: "부산", ManagerID: &m1}, ids(c3)},
		{"hubName of a deleted company", company.SearchCondition{HubNamePrefix: "부산", Deleted: true}, ids(c5)},
		{"hubName and name", company.SearchCondition{HubNamePrefix: "서울", NamePrefix: "나"}, ids(c2)},
		{"hubName, hubId elsewhere", company.SearchCondition{HubNamePrefix: "서울", HubID: &busan}, nil},
	}
	for _, cs := range cases {
		page := companySearch(t, e, cs.cond, all)
		if got := companyIDs(page.Content); !slices.Equal(got, cs.want) || page.TotalElements != int64(len(cs.want)) {
			t.Errorf("%s: %v (total %d), want %v", cs.name, got, page.TotalElements, cs.want)
		}
	}
	byName := ids(c4, c3, c1, c2) // "50%_off" < "cafeteria" < "café 가" < "나 물류" by key bytes
	rev := slices.Clone(byName)
	slices.Reverse(rev)
	sorts := []struct {
		name string
		sort []paging.Order
		want []uuid.UUID
	}{
		{"companyName asc", []paging.Order{{Property: "companyName"}}, byName},
		{"companyName desc", []paging.Order{{Property: "companyName", Direction: paging.Desc}}, rev},
		{"createdAt asc", []paging.Order{{Property: "createdAt"}}, ids(c1, c2, c3, c4)},
		{"updatedAt desc", []paging.Order{{Property: "updatedAt", Direction: paging.Desc}}, ids(c1, c4, c3, c2)},
	}
	for _, s := range sorts {
		for _, cond := range []company.SearchCondition{{}, {HubNamePrefix: "1"}, {HubNamePrefix: "센"}} {
			want := s.want
			switch cond.HubNamePrefix {
			case "1":
				want = ids(c4)
			case "센": // a prefix of no hub's name (센 is inside them)
				want = nil
			}
			page := companySearch(t, e, cond, apptest.Pageable(t, 0, 20, s.sort...))
			if got := companyIDs(page.Content); !slices.Equal(got, want) {
				t.Errorf("%s %+v: %v, want %v", s.name, cond, got, want)
			}
		}
		// The cursor walk of a joined search, two at a time.
		p := apptest.Pageable(t, 0, 1, s.sort...)
		var walked []uuid.UUID
		for {
			page := companySearch(t, e, company.SearchCondition{HubNamePrefix: "서"}, p)
			walked = append(walked, companyIDs(page.Content)...)
			if page.Next == nil {
				break
			}
			p.After = page.Next
		}
		var want []uuid.UUID
		for _, id := range s.want {
			if id == c1.ID() || id == c2.ID() {
				want = append(want, id)
			}
		}
		if !slices.Equal(walked, want) {
			t.Errorf("%s: cursor walk over hubName 서 %v, want %v", s.name, walked, want)
		}
	}

	p := apptest.Pageable(t, 0, 1)
	content, count, err := companystore.SearchStatements(company.SearchCondition{HubNamePrefix: "서울"}, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{content.SQL, count.SQL} {
		if !strings.Contains(st, `INNER JOIN "hubs" ON "hubs"."hub_id" = "companies"."hub_id"`) || !strings.Contains(st, `"hubs"."name_key" LIKE`) {
			t.Errorf("the joined statement lacks the join or its filter: %s", st)
		}
	}
	content, count, err = companystore.SearchStatements(company.SearchCondition{NamePrefix: "서울"}, p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(content.SQL, "hubs") || strings.Contains(count.SQL, "hubs") {
		t.Errorf("a search without hubName joins hubs: %s / %s", content.SQL, count.SQL)
	}
}

// TestCompanySearch_CountQueryOnlyWhenNeeded: the Spring count rule on the joined search,
// counted by the statements the driver saw.
func TestCompanySearch_CountQueryOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	e := companyEnvOver(t, db)
	a, other := e.hub(t, "서울 허브"), e.hub(t, "부산 허브")
	for i := range 10 {
		e.mustCompany(t, companyDetails("회사 "+string(rune('a'+i)), a, nil), base.Add(time.Duration(i)*time.Second))
	}
	e.mustCompany(t, companyDetails("딴 회사", other, nil), base)
	for _, c := range countCases {
		log.Reset()
		page := companySearch(t, e, company.SearchCondition{HubNamePrefix: "서울"}, apptest.Pageable(t, c.page, c.size))
		checkCounted(t, log, "", c, page)
		for _, st := range log.Statements() {
			if !strings.Contains(st, "JOIN") {
				t.Errorf("%s: a statement without the join: %s", c.name, st)
			}
		}
	}
}
