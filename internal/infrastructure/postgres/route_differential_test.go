package postgres_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
)

// TestRouteSearch_DifferentialAgainstMatches loads 520 random routes between 30 hubs (shared
// distances, durations and creation times, so every tie-breaker matters; a fifth deleted) and
// checks 320 random searches (filters, the deleted switch, one or two sort keys, pages, some
// walked by cursor) against route.SearchCondition.Matches with a plain-Go sort and slice: same
// content in the same order, same totals.
func TestRouteSearch_DifferentialAgainstMatches(t *testing.T) {
	t.Parallel()
	e := newRouteEnv(t)
	rng := rand.New(rand.NewPCG(20261201, 11))
	const hubCount, routeCount, searches = 30, 520, 320
	hubs := make([]uuid.UUID, hubCount)
	for i := range hubs {
		hubs[i] = e.hub(t, "허브 "+string(rune('가'+i)))
	}
	type pair struct{ d, a int }
	var pairs []pair
	for i := range hubs {
		for j := range hubs {
			if i != j {
				pairs = append(pairs, pair{i, j})
			}
		}
	}
	rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	var all []*route.HubRoute
	for _, p := range pairs[:routeCount] {
		km := float64(rng.IntN(40)+1) + float64(rng.IntN(4))*0.125
		r := e.route(t, hubs[p.d], hubs[p.a], km, rng.IntN(20)+1, base.Add(time.Duration(rng.IntN(60))*time.Second))
		if rng.IntN(5) == 0 {
			r = e.deleteRoute(t, r.ID())
		}
		all = append(all, r)
	}

	pick := func() *uuid.UUID {
		if rng.IntN(8) == 0 {
			id := uuid.New() // no such hub
			return &id
		}
		return &hubs[rng.IntN(hubCount)]
	}
	by := map[string]func(x, y *route.HubRoute) int{
		route.SortByDistanceKm: func(x, y *route.HubRoute) int { return cmp.Compare(x.DistanceKm(), y.DistanceKm()) },
		route.SortByDurationMinutes: func(x, y *route.HubRoute) int {
			return cmp.Compare(x.DurationMinutes(), y.DurationMinutes())
		},
		route.SortByCreatedAt: func(x, y *route.HubRoute) int { return x.CreatedAt().Compare(y.CreatedAt()) },
	}
	walked := 0
	for i := range searches {
		var cond route.SearchCondition
		cond.Deleted = rng.IntN(5) == 0
		if rng.IntN(3) == 0 {
			cond.DepartureHubID = pick()
		}
		if rng.IntN(3) == 0 {
			cond.ArrivalHubID = pick()
		}
		if rng.IntN(3) == 0 {
			cond.HubID = pick()
		}
		var sort []paging.Order
		for range rng.IntN(3) {
			sort = append(sort, paging.Order{Property: route.SortableProperties[rng.IntN(3)], Direction: paging.Direction(rng.IntN(2))})
		}
		var want []*route.HubRoute
		for _, r := range all {
			if cond.Matches(r) {
				want = append(want, r)
			}
		}
		sortLike(want, sort, route.DefaultSort, by, (*route.HubRoute).ID)
		search := func(p paging.Pageable) paging.Page[query.RouteView] { return routeSearch(t, e, cond, p) }
		size := rng.IntN(15) + 1
		p := apptest.Pageable(t, rng.IntN(len(want)/size+2), size, sort...)
		page := search(p)
		if got, wantIDs := routeIDs(page.Content), idsOf(pageOf(want, p), (*route.HubRoute).ID); !slices.Equal(got, wantIDs) ||
			page.TotalElements != int64(len(want)) {
			t.Fatalf("search %d %+v sort %v page %d size %d:\n got %v (total %d)\nwant %v (total %d)",
				i, cond, sort, p.Page, size, got, page.TotalElements, wantIDs, len(want))
		}
		if i%4 == 0 { // the whole result by cursor
			got := walkByCursor(search, apptest.Pageable(t, 0, size, sort...), routeViewID, len(want)+2, nil)
			if all := idsOf(want, (*route.HubRoute).ID); !slices.Equal(got, all) {
				t.Fatalf("search %d %+v sort %v: cursor walk %v, want %v", i, cond, sort, got, all)
			}
			walked++
		}
	}
	if walked < 50 {
		t.Fatalf("only %d cursor walks", walked)
	}
}
