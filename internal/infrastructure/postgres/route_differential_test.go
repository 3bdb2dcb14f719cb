package postgres_test

import (
	"bytes"
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

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
	value := map[string]func(*route.HubRoute) float64{
		route.SortByDistanceKm:      (*route.HubRoute).DistanceKm,
		route.SortByDurationMinutes: func(r *route.HubRoute) float64 { return float64(r.DurationMinutes()) },
		route.SortByCreatedAt:       func(r *route.HubRoute) float64 { return float64(r.CreatedAt().UnixMicro()) },
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
		order := sort
		if len(order) == 0 {
			order = route.DefaultSort
		}
		var want []*route.HubRoute
		for _, r := range all {
			if cond.Matches(r) {
				want = append(want, r)
			}
		}
		last := order[len(order)-1].Direction
		slices.SortStableFunc(want, func(x, y *route.HubRoute) int {
			for _, o := range order {
				c := cmp.Compare(value[o.Property](x), value[o.Property](y))
				if o.Direction == paging.Desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			xid, yid := x.ID(), y.ID()
			c := bytes.Compare(xid[:], yid[:])
			if last == paging.Desc {
				c = -c
			}
			return c
		})
		size := rng.IntN(15) + 1
		pg := rng.IntN(len(want)/size + 2)
		page := routeSearch(t, e, cond, pageable(t, pg, size, sort...))
		lo, hi := min(pg*size, len(want)), min(pg*size+size, len(want))
		wantIDs := make([]uuid.UUID, 0, hi-lo)
		for _, r := range want[lo:hi] {
			wantIDs = append(wantIDs, r.ID())
		}
		if got := routeIDs(page.Content); !slices.Equal(got, wantIDs) || page.TotalElements != int64(len(want)) {
			t.Fatalf("search %d %+v sort %v page %d size %d:\n got %v (total %d)\nwant %v (total %d)",
				i, cond, sort, pg, size, got, page.TotalElements, wantIDs, len(want))
		}
		if i%4 == 0 { // the whole result by cursor
			var got []uuid.UUID
			p := pageable(t, 0, size, sort...)
			for {
				page := routeSearch(t, e, cond, p)
				got = append(got, routeIDs(page.Content)...)
				if page.Next == nil {
					break
				}
				p.After = page.Next
			}
			all := make([]uuid.UUID, len(want))
			for k, r := range want {
				all[k] = r.ID()
			}
			if !slices.Equal(got, all) {
				t.Fatalf("search %d %+v sort %v: cursor walk %v, want %v", i, cond, sort, got, all)
			}
			walked++
		}
	}
	if walked < 50 {
		t.Fatalf("only %d cursor walks", walked)
	}
}
