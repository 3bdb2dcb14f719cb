package postgres_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/route/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/route"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

func routeSearch(t *testing.T, e routeEnv, cond route.SearchCondition, p paging.Pageable) paging.Page[query.RouteView] {
	t.Helper()
	page, err := e.routes.SearchViews(ctx, cond, p)
	if err != nil {
		t.Fatalf("search %+v %+v: %v", cond, p, err)
	}
	return page
}

func routeIDs(vs []query.RouteView) []uuid.UUID { return idsOf(vs, routeViewID) }

func routeViewID(v query.RouteView) uuid.UUID { return v.ID }

// TestRouteSearch_FiltersAndSorts: each filter alone and combined, the deleted switch, each
// sort in both directions with routeId breaking ties, and the default (newest first).
func TestRouteSearch_FiltersAndSorts(t *testing.T) {
	t.Parallel()
	e := newRouteEnv(t)
	a, b, c := e.hub(t, "허브 a"), e.hub(t, "허브 b"), e.hub(t, "허브 c")
	ab := e.route(t, a, b, 10, 30, base)
	ba := e.route(t, b, a, 10, 20, base.Add(time.Second))
	bc := e.route(t, b, c, 5.5, 30, base.Add(2*time.Second))
	ca := e.route(t, c, a, 7.25, 10, base.Add(3*time.Second))
	ac := e.route(t, a, c, 8, 40, base.Add(4*time.Second))
	e.deleteRoute(t, ac.ID())

	all := apptest.Pageable(t, 0, 20)
	cases := []struct {
		name string
		cond route.SearchCondition
		want []uuid.UUID
	}{
		{"live, newest first", route.SearchCondition{}, []uuid.UUID{ca.ID(), bc.ID(), ba.ID(), ab.ID()}},
		{"deleted", route.SearchCondition{Deleted: true}, []uuid.UUID{ac.ID()}},
		{"departure a", route.SearchCondition{DepartureHubID: &a}, []uuid.UUID{ab.ID()}},
		{"arrival a", route.SearchCondition{ArrivalHubID: &a}, []uuid.UUID{ca.ID(), ba.ID()}},
		{"either end b", route.SearchCondition{HubID: &b}, []uuid.UUID{bc.ID(), ba.ID(), ab.ID()}},
		{"either end c, departure b", route.SearchCondition{HubID: &c, DepartureHubID: &b}, []uuid.UUID{bc.ID()}},
		{"departure b, arrival c", route.SearchCondition{DepartureHubID: &b, ArrivalHubID: &c}, []uuid.UUID{bc.ID()}},
		{"deleted at a", route.SearchCondition{Deleted: true, HubID: &a}, []uuid.UUID{ac.ID()}},
		{"deleted from b", route.SearchCondition{Deleted: true, DepartureHubID: &b}, nil},
	}
	for _, cs := range cases {
		page := routeSearch(t, e, cs.cond, all)
		if got := routeIDs(page.Content); !slices.Equal(got, cs.want) || page.TotalElements != int64(len(cs.want)) {
			t.Errorf("%s: %v (total %d), want %v", cs.name, got, page.TotalElements, cs.want)
		}
	}

	tie := func(x, y *route.HubRoute) []uuid.UUID { // ab and ba share 10 km: routeId decides
		if string(x.ID().String()) < string(y.ID().String()) {
			return []uuid.UUID{x.ID(), y.ID()}
		}
		return []uuid.UUID{y.ID(), x.ID()}
	}
	t10 := tie(ab, ba)
	sorts := []struct {
		name string
		sort []paging.Order
		want []uuid.UUID
	}{
		{"distance asc", []paging.Order{{Property: "distanceKm"}}, []uuid.UUID{bc.ID(), ca.ID(), t10[0], t10[1]}},
		{"distance desc", []paging.Order{{Property: "distanceKm", Direction: paging.Desc}}, []uuid.UUID{t10[1], t10[0], ca.ID(), bc.ID()}},
		{"duration asc", []paging.Order{{Property: "durationMinutes"}}, append([]uuid.UUID{ca.ID(), ba.ID()}, tie(ab, bc)...)},
		{"duration desc, distance asc", []paging.Order{{Property: "durationMinutes", Direction: paging.Desc}, {Property: "distanceKm"}},
			[]uuid.UUID{bc.ID(), ab.ID(), ba.ID(), ca.ID()}},
		{"createdAt asc", []paging.Order{{Property: "createdAt"}}, []uuid.UUID{ab.ID(), ba.ID(), bc.ID(), ca.ID()}},
	}
	for _, s := range sorts {
		page := routeSearch(t, e, route.SearchCondition{}, apptest.Pageable(t, 0, 20, s.sort...))
		if got := routeIDs(page.Content); !slices.Equal(got, s.want) {
			t.Errorf("%s: %v, want %v", s.name, got, s.want)
		}
	}
	if _, err := e.routes.SearchViews(ctx, route.SearchCondition{}, apptest.Pageable(t, 0, 20, paging.Order{Property: "hubName"})); !errors.Is(err, paging.ErrInvalidPageable) {
		t.Errorf("sort by an unknown property: %v", err)
	}
}

// TestRouteSearch_CursorWalksEveryOrder: following the cursors from the first page gives the
// same rows as the offset pages, for every sort and direction, with ties on every key.
func TestRouteSearch_CursorWalksEveryOrder(t *testing.T) {
	t.Parallel()
	e := newRouteEnv(t)
	hubs := make([]uuid.UUID, 6)
	for i := range hubs {
		hubs[i] = e.hub(t, "허브 "+string(rune('a'+i)))
	}
	n := 0
	for i, x := range hubs {
		for j, y := range hubs {
			if i != j {
				e.route(t, x, y, float64(n%4)+0.125, 10+n%3, base.Add(time.Duration(n%5)*time.Second))
				n++
			}
		}
	}
	for _, prop := range route.SortableProperties {
		for _, dir := range []paging.Direction{paging.Asc, paging.Desc} {
			sort := []paging.Order{{Property: prop, Direction: dir}}
			var offset []uuid.UUID
			for pg := 0; ; pg++ {
				page := routeSearch(t, e, route.SearchCondition{}, apptest.Pageable(t, pg, 7, sort...))
				offset = append(offset, routeIDs(page.Content)...)
				if !page.HasNext {
					break
				}
			}
			var walked []uuid.UUID
			p := apptest.Pageable(t, 0, 7, sort...)
			for {
				page := routeSearch(t, e, route.SearchCondition{}, p)
				walked = append(walked, routeIDs(page.Content)...)
				if page.Next == nil {
					break
				}
				p.After = page.Next
			}
			if len(offset) != n || !slices.Equal(walked, offset) {
				t.Errorf("%s %v: cursor walk %d rows, offset %d of %d, equal %v", prop, dir, len(walked), len(offset), n, slices.Equal(walked, offset))
			}
		}
	}
}

// TestRouteSearch_CountQueryOnlyWhenNeeded counts the COUNT statements that reached the server
// for each case of the count rule, as the hubs' test does.
func TestRouteSearch_CountQueryOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	e := routeEnvOver(t, db)
	a := e.hub(t, "출발")
	for i := range 10 {
		e.route(t, a, e.hub(t, "도착 "+string(rune('a'+i))), float64(i+1), 10, base.Add(time.Duration(i)*time.Second))
	}
	for _, c := range countCases {
		log.Reset()
		checkCounted(t, log, "", c, routeSearch(t, e, route.SearchCondition{HubID: &a}, apptest.Pageable(t, c.page, c.size)))
	}
	log.Reset()
	x := uuid.New()
	if page := routeSearch(t, e, route.SearchCondition{ArrivalHubID: &x}, apptest.Pageable(t, 0, 4)); log.Count("SELECT COUNT(") != 0 || page.TotalElements != 0 {
		t.Errorf("empty first page was counted: %q", log.Statements())
	}
	log.Reset()
	p := apptest.Pageable(t, 0, 4)
	p.Count = paging.CountNone
	if page := routeSearch(t, e, route.SearchCondition{}, p); log.Count("SELECT COUNT(") != 0 || !page.HasNext {
		t.Errorf("count=none: %q", log.Statements())
	}
}
