package postgres_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/company/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/company"
	"github.com/hubd/hubd/internal/domain/paging"
)

// TestCompanySearch_DifferentialAgainstMatches loads at least 500 random companies with random
// names (letters, full-width forms, Hangul, %, _ and \, so keys collide and wildcards must stay
// literal) across 14 hubs whose names share prefixes, with shared creation times (every
// tie-breaker matters), some renamed, moved or deleted, and checks 320 random searches (every
// filter, hubName through the join, the deleted switch, one or two sort keys, pages, some walked
// by cursor) against company.SearchCondition.Matches with the hub's name and a plain-Go sort:
// same content in the same order, same totals.
func TestCompanySearch_DifferentialAgainstMatches(t *testing.T) {
	t.Parallel()
	e := newCompanyEnv(t)
	rng := rand.New(rand.NewPCG(20261202, 12))
	hubNames := []string{"서울특별시 센터", "서울 동부", "서울%허브", "서울_허브", "부산 센터", "부산광역시", "Incheon A", "incheon b",
		"ＩＮＣＨＥＯＮ c", "100% 허브", "10_ 허브", `back\slash`, "대전", "대구 허브"}
	hubs := make([]uuid.UUID, len(hubNames))
	hubName := map[uuid.UUID]string{}
	for i, n := range hubNames {
		hubs[i] = e.hub(t, n)
		hubName[hubs[i]] = n
	}
	managers := []uuid.UUID{uuid.New(), uuid.New(), uuid.New(), uuid.New()}
	alphabet := []string{"a", "B", "c", "ａ", "Ｂ", "가", "나", "%", "_", `\`, " ", "é", "e\u0301"}
	randomName := func() string {
		var b strings.Builder
		b.WriteString(alphabet[rng.IntN(10)]) // never a space first
		for range rng.IntN(5) + 1 {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	const companyCount, searches = 540, 320
	byID := map[uuid.UUID]*company.Company{}
	taken := 0
	for len(byID) < companyCount {
		var m *uuid.UUID
		if rng.IntN(3) > 0 {
			m = &managers[rng.IntN(len(managers))]
		}
		c, err := e.company(t, companyDetails(randomName(), hubs[rng.IntN(len(hubs))], m), base.Add(time.Duration(rng.IntN(40))*time.Second))
		if errors.Is(err, company.ErrNameTaken) {
			taken++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		byID[c.ID()] = c
		switch rng.IntN(8) {
		case 0:
			c = e.change(t, c.ID(), func(c *company.Company) error { return c.Delete(master, base.Add(time.Hour)) })
		case 1: // moved and touched at one of few times
			c = e.change(t, c.ID(), func(c *company.Company) error {
				d := c.Details()
				d.HubID = hubs[rng.IntN(len(hubs))]
				d.Address.Address2 = "이동"
				return c.Change(d, master, base.Add(time.Duration(rng.IntN(5))*time.Minute))
			})
		}
		byID[c.ID()] = c
	}
	if taken == 0 {
		t.Fatal("no random name collided by its key: the names do not test uniqueness")
	}
	all := make([]*company.Company, 0, len(byID))
	for _, c := range byID {
		all = append(all, c)
	}
	prefixOf := func() string {
		if rng.IntN(6) == 0 {
			return alphabet[rng.IntN(10)] // often a wildcard or a look-alike
		}
		r := []rune(all[rng.IntN(len(all))].Name())
		return string(r[:rng.IntN(min(3, len(r)))+1])
	}
	hubPrefixes := []string{"서울", "서울%", "서울_", "서", "부산", "INCHEON", "ｉｎｃｈ", "10", "100%", "10_", `back\`, "대", "없음"}
	by := map[string]func(x, y *company.Company) int{
		company.SortByName: func(x, y *company.Company) int {
			return strings.Compare(company.NameKey(x.Name()), company.NameKey(y.Name()))
		},
		company.SortByCreatedAt: func(x, y *company.Company) int { return x.CreatedAt().Compare(y.CreatedAt()) },
		company.SortByUpdatedAt: func(x, y *company.Company) int { return x.UpdatedAt().Compare(y.UpdatedAt()) },
	}
	walked, nonEmpty, joined, ran := 0, 0, 0, 0
	for i := range searches {
		var cond company.SearchCondition
		cond.Deleted = rng.IntN(5) == 0
		if rng.IntN(8) == 0 {
			id := all[rng.IntN(len(all))].ID()
			cond.CompanyID = &id
		}
		if rng.IntN(4) == 0 {
			cond.HubID = &hubs[rng.IntN(len(hubs))]
		}
		if rng.IntN(4) == 0 {
			cond.ManagerID = &managers[rng.IntN(len(managers))]
		}
		if rng.IntN(3) == 0 {
			cond.NamePrefix = prefixOf()
		}
		if rng.IntN(2) == 0 {
			cond.HubNamePrefix = hubPrefixes[rng.IntN(len(hubPrefixes))]
			joined++
		}
		if cond.Validate() != nil {
			continue
		}
		ran++
		var sort []paging.Order
		for range rng.IntN(3) {
			sort = append(sort, paging.Order{Property: company.SortableProperties[rng.IntN(3)], Direction: paging.Direction(rng.IntN(2))})
		}
		var want []*company.Company
		for _, c := range all {
			if cond.Matches(c, hubName[c.HubID()]) {
				want = append(want, c)
			}
		}
		sortLike(want, sort, company.DefaultSort, by, (*company.Company).ID)
		if len(want) > 0 {
			nonEmpty++
		}
		search := func(p paging.Pageable) paging.Page[query.CompanyView] { return companySearch(t, e, cond, p) }
		size := rng.IntN(15) + 1
		p := apptest.Pageable(t, rng.IntN(len(want)/size+2), size, sort...)
		page := search(p)
		if got, wantIDs := companyIDs(page.Content), idsOf(pageOf(want, p), (*company.Company).ID); !slices.Equal(got, wantIDs) ||
			page.TotalElements != int64(len(want)) {
			t.Fatalf("search %d %+v sort %v page %d size %d:\n got %v (total %d)\nwant %v (total %d)",
				i, cond, sort, p.Page, size, got, page.TotalElements, wantIDs, len(want))
		}
		if i%4 == 0 {
			got := walkByCursor(search, apptest.Pageable(t, 0, size, sort...), companyViewID, len(want)+2, nil)
			if ids := idsOf(want, (*company.Company).ID); !slices.Equal(got, ids) {
				t.Fatalf("search %d %+v sort %v: cursor walk %v, want %v", i, cond, sort, got, ids)
			}
			walked++
		}
	}
	if ran < 300 || walked < 50 || nonEmpty < ran/2 || joined < 100 {
		t.Fatalf("too weak: %d searches, %d cursor walks, %d non-empty results, %d joined searches", ran, walked, nonEmpty, joined)
	}
	t.Logf("%d companies (%d names refused by their key), %d searches (%d joined, %d non-empty), %d cursor walks",
		len(all), taken, ran, joined, nonEmpty, walked)
}
