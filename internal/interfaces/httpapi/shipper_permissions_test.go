package httpapi_test

import (
	"bytes"
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
	actions := []struct {
		name string
		run  func(en *env, r access.Role, me uuid.UUID, f fixture) response
	}{
		{"search", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/shippers", "")
		}},
		{"search deleted", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/shippers?isDeleted=true", "")
		}},
		{"get own", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", path(f.own), "")
		}},
		{"get another", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", path(f.atOther), "")
		}},
		{"get deleted", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", path(f.gone), "")
		}},
		{"create at a managed hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/shippers", shipperBody(uuid.New(), f.mine, hubT))
		}},
		{"create at another hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/shippers", shipperBody(uuid.New(), f.other, hubT))
		}},
		{"put at a managed hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PUT", path(f.own), `{"hubId":"`+f.mine.String()+`","shipperType":"`+customerT+`"}`)
		}},
		{"patch at another hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", path(f.atOther), `{"shipperType":"`+customerT+`"}`)
		}},
		{"move to another hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", path(f.own), `{"hubId":"`+f.other.String()+`"}`)
		}},
		{"move between managed hubs", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", path(f.own), `{"hubId":"`+f.mine2.String()+`"}`)
		}},
		{"delete at a managed hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "DELETE", path(f.own), "")
		}},
		{"delete at another hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "DELETE", path(f.atOther), "")
		}},
		{"restore", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", path(f.gone)+"/restore", "")
		}},
		{"assign at a managed hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/hubs/"+f.mine.String()+"/shipper-assignments", `{"shipperType":"`+hubT+`"}`)
		}},
		{"assign at another hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/hubs/"+f.other.String()+"/shipper-assignments", `{"shipperType":"`+hubT+`"}`)
		}},
	}
	const ok, created, noContent, forbidden, notFound = 200, 201, 204, 403, 404
	none := []int{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}
	want := map[access.Role][]int{
		access.Master:     {ok, ok, ok, ok, ok, created, created, ok, ok, ok, ok, noContent, noContent, ok, ok, ok},
		access.HubManager: {ok, forbidden, ok, ok, notFound, created, forbidden, ok, forbidden, forbidden, ok, noContent, forbidden, ok, ok, forbidden},
		access.Company:    none,
		access.Shipper:    {ok, forbidden, ok, notFound, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		access.Server:     {ok, forbidden, ok, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok, ok},
		access.Customer:   none,
	}
	if len(want) != len(access.Roles) {
		t.Fatalf("the matrix has %d roles, the contract %d", len(want), len(access.Roles))
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			en := newEnv(t)
			someone := uuid.New()
			for i, a := range actions {
				me := uuid.New() // the caller: a shipper's user id, a hub's manager
				f := fixture{
					mine:  en.createHub("내 센터 "+a.name, &me),
					mine2: en.createHub("내 둘째 센터 "+a.name, &me),
					other: en.createHub("남의 센터 "+a.name, &someone),
					own:   me, atOther: uuid.New(), gone: uuid.New(),
				}
				en.createShipper(f.own, f.mine, hubT)
				en.createShipper(f.atOther, f.other, hubT)
				en.createShipper(f.gone, f.mine, hubT)
				if r := en.master("DELETE", path(f.gone), ""); r.Code != noContent {
					t.Fatalf("setup delete: %d %s", r.Code, r.Body)
				}
				beforeOwn, beforeOther := en.master("GET", path(f.own), "").Body, en.master("GET", path(f.atOther), "").Body
				res := a.run(en, role, me, f)
				if res.Code != want[role][i] {
					t.Errorf("%s: %d %s, want %d", a.name, res.Code, res.Body, want[role][i])
				}
				if res.Code >= 400 {
					afterOwn, afterOther := en.master("GET", path(f.own), "").Body, en.master("GET", path(f.atOther), "").Body
					if !bytes.Equal(beforeOwn, afterOwn) || !bytes.Equal(beforeOther, afterOther) {
						t.Errorf("%s: a refused change changed a shipper", a.name)
					}
				}
				if a.name == "search" && res.Code == http.StatusOK {
					var page struct{ Content []shipperJSON }
					res.decode(t, &page)
					n := 2 // the first action: own and atOther are live
					if role == access.Shipper {
						n = 1
					}
					if len(page.Content) != n || (role == access.Shipper && page.Content[0].ShipperID != me) {
						t.Errorf("search as %s: %d shippers %+v, want %d", role, len(page.Content), page.Content, n)
					}
				}
			}
		})
	}
}
