package httpapi_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestRoutePermissions_Matrix is the contract's route table for every role through HTTP: every
// role but CUSTOMER reads; a deleted route only MASTER (404 for the others); every change is
// MASTER's. Each action runs on fresh routes, and a refused change leaves the route as it was.
func TestRoutePermissions_Matrix(t *testing.T) {
	t.Parallel()
	type fixture struct {
		a, b, c       uuid.UUID // hubs
		live, deleted uuid.UUID // a → b live, b → a deleted
	}
	actions := []struct {
		name string
		run  func(en *env, r access.Role, me uuid.UUID, f fixture) response
	}{
		{"search", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/hub-routes", "")
		}},
		{"search deleted", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/hub-routes?isDeleted=true", "")
		}},
		{"get", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", "/api/v1/hub-routes/"+f.live.String(), "")
		}},
		{"get deleted", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", "/api/v1/hub-routes/"+f.deleted.String(), "")
		}},
		{"create", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/hub-routes", routeBody(f.a, f.c, 500, 300))
		}},
		{"put", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PUT", "/api/v1/hub-routes/"+f.live.String(), `{"distanceKm":999,"durationMinutes":600}`)
		}},
		{"patch", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/hub-routes/"+f.live.String(), `{"durationMinutes":601}`)
		}},
		{"delete", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "DELETE", "/api/v1/hub-routes/"+f.live.String(), "")
		}},
		{"restore", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/hub-routes/"+f.deleted.String()+"/restore", "")
		}},
	}
	ok, created, noContent, forbidden, notFound := 200, 201, 204, 403, 404
	reader := []int{ok, forbidden, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden}
	want := map[access.Role][]int{
		access.Master:     {ok, ok, ok, ok, created, ok, ok, noContent, ok},
		access.HubManager: reader, access.Company: reader, access.Shipper: reader, access.Server: reader,
		access.Customer: {forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
	}
	if len(want) != len(access.Roles) {
		t.Fatalf("the matrix has %d roles, the contract %d", len(want), len(access.Roles))
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			en := newEnv(t)
			me := uuid.New()
			for i, a := range actions {
				// Seoul, Suwon and Busan: the figures pass the great circle.
				f := fixture{
					a: en.createHubAt("서울 "+a.name, 37.5665, 126.9780),
					b: en.createHubAt("수원 "+a.name, 37.2636, 127.0286),
					c: en.createHubAt("부산 "+a.name, 35.1796, 129.0756),
				}
				f.live = en.createRoute(f.a, f.b, 45.5, 60).RouteID
				f.deleted = en.createRoute(f.b, f.a, 45.5, 60).RouteID
				if r := en.master("DELETE", "/api/v1/hub-routes/"+f.deleted.String(), ""); r.Code != noContent {
					t.Fatalf("setup delete: %d %s", r.Code, r.Body)
				}
				before := en.master("GET", "/api/v1/hub-routes/"+f.live.String(), "").Body
				res := a.run(en, role, me, f)
				if res.Code != want[role][i] {
					t.Errorf("%s %s: %d, want %d: %s", role, a.name, res.Code, want[role][i], res.Body)
				}
				switch res.Code {
				case forbidden:
					expectProblem(t, res, forbidden, "FORBIDDEN")
					if after := en.master("GET", "/api/v1/hub-routes/"+f.live.String(), "").Body; string(after) != string(before) {
						t.Errorf("%s %s: refused, but the route changed", role, a.name)
					}
					if r := en.master("GET", "/api/v1/hub-routes/"+f.deleted.String(), ""); !en.getRoute(f.deleted).IsDeleted {
						t.Errorf("%s %s: refused, but the deleted route came back: %s", role, a.name, r.Body)
					}
				case notFound:
					expectProblem(t, res, notFound, "ROUTE_NOT_FOUND")
				}
			}
		})
	}
}
