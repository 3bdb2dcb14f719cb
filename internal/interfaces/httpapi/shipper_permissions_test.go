package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestShipperPermissions_Matrix is the contract's shipper table for every role through HTTP:
// MASTER, HUB_MANAGER and SERVER read, a SHIPPER only itself (another is 404, its search only
// itself), COMPANY and CUSTOMER nothing; deleted shippers only MASTER; changes MASTER's and, at
// the hubs they manage (a move: both hubs), a hub manager's; the rotation MASTER's, SERVER's and
// the hub's manager's. Each action runs on fresh hubs and shippers, and a refused change leaves
// the shippers as they were.
func TestShipperPermissions_Matrix(t *testing.T) {
	t.Parallel()
	type fixture struct {
		mine, mine2, other uuid.UUID // hubs: managed by the caller (twice), by someone else
		own, atOther, gone uuid.UUID // shippers: the caller's own id at mine, one at other, a deleted one at mine
	}
	const hubT, customerT = "SHIPPER_HUB", "SHIPPER_CUSTOMER"
	path := func(id uuid.UUID) string { return "/api/v1/shippers/" + id.String() }
	own := func(f fixture) string { return path(f.own) }
	atOther := func(f fixture) string { return path(f.atOther) }
	gone := func(f fixture) string { return path(f.gone) }
	assignAt := func(hub func(fixture) uuid.UUID) func(fixture) string {
		return func(f fixture) string { return "/api/v1/hubs/" + hub(f).String() + "/shipper-assignments" }
	}
	text := func(s string) func(uuid.UUID, fixture) string { return func(uuid.UUID, fixture) string { return s } }
	const ok, created, noContent, forbidden, notFound = 200, 201, 204, 403, 404
	none := []int{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}
	permMatrix[fixture]{
		actions: append(searchActions[fixture]("/api/v1/shippers", ""), []permAction[fixture]{
			{"get own", "GET", own, nil},
			{"get another", "GET", atOther, nil},
			{"get deleted", "GET", gone, nil},
			{"create at a managed hub", "POST", at[fixture]("/api/v1/shippers"), func(_ uuid.UUID, f fixture) string { return shipperBody(uuid.New(), f.mine, hubT) }},
			{"create at another hub", "POST", at[fixture]("/api/v1/shippers"), func(_ uuid.UUID, f fixture) string { return shipperBody(uuid.New(), f.other, hubT) }},
			{"put at a managed hub", "PUT", own, func(_ uuid.UUID, f fixture) string {
				return `{"hubId":"` + f.mine.String() + `","shipperType":"` + customerT + `"}`
			}},
			{"patch at another hub", "PATCH", atOther, text(`{"shipperType":"` + customerT + `"}`)},
			{"move to another hub", "PATCH", own, func(_ uuid.UUID, f fixture) string { return `{"hubId":"` + f.other.String() + `"}` }},
			{"move between managed hubs", "PATCH", own, func(_ uuid.UUID, f fixture) string { return `{"hubId":"` + f.mine2.String() + `"}` }},
			{"delete at a managed hub", "DELETE", own, nil},
			{"delete at another hub", "DELETE", atOther, nil},
			{"restore", "POST", func(f fixture) string { return gone(f) + "/restore" }, nil},
			{"assign at a managed hub", "POST", assignAt(func(f fixture) uuid.UUID { return f.mine }), text(`{"shipperType":"` + hubT + `"}`)},
			{"assign at another hub", "POST", assignAt(func(f fixture) uuid.UUID { return f.other }), text(`{"shipperType":"` + hubT + `"}`)},
		}...),
		want: map[access.Role][]int{
			access.Master:     {ok, ok, ok, ok, ok, created, created, ok, ok, ok, ok, noContent, noContent, ok, ok, ok},
			access.HubManager: {ok, forbidden, ok, ok, notFound, created, forbidden, ok, forbidden, forbidden, ok, noContent, forbidden, ok, ok, forbidden},
			access.Company:    none,
			access.Shipper:    {ok, forbidden, ok, notFound, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
			access.Server:     {ok, forbidden, ok, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok},
			access.Customer:   none,
		},
		notFound: "SHIPPER_NOT_FOUND",
		// me is the caller: a shipper's user id, a hub's manager.
		fixture: func(en *env, me uuid.UUID, _ int, name string) fixture {
			someone := uuid.New()
			f := fixture{
				mine:  en.createHub("내 센터 "+name, &me),
				mine2: en.createHub("내 둘째 센터 "+name, &me),
				other: en.createHub("남의 센터 "+name, &someone),
				own:   me, atOther: uuid.New(), gone: uuid.New(),
			}
			en.createShipper(f.own, f.mine, hubT)
			en.createShipper(f.atOther, f.other, hubT)
			en.createShipper(f.gone, f.mine, hubT)
			en.mustDelete(gone(f))
			return f
		},
		watched: func(f fixture) []string { return []string{own(f), atOther(f)} },
		check: func(t *testing.T, _ *env, c permCase[fixture]) {
			if c.action.name != "search" || c.res.Code != http.StatusOK {
				return
			}
			var page struct{ Content []shipperJSON }
			c.res.decode(t, &page)
			n := 2 // the first action: own and atOther are live
			if c.role == access.Shipper {
				n = 1
			}
			if len(page.Content) != n || (c.role == access.Shipper && page.Content[0].ShipperID != c.me) {
				t.Errorf("search as %s: %d shippers %+v, want %d", c.role, len(page.Content), page.Content, n)
			}
		},
	}.run(t)
}
