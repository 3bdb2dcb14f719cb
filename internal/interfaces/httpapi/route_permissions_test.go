package httpapi_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestRoutePermissions_Matrix is the contract's route table for every role through HTTP: every
// role but CUSTOMER reads; a deleted route only MASTER (404 for the others); every change is
// MASTER's. Each action runs on fresh routes, and a refused change leaves the routes as they were.
func TestRoutePermissions_Matrix(t *testing.T) {
	t.Parallel()
	type fixture struct {
		a, b, c       uuid.UUID // hubs
		live, deleted uuid.UUID // a → b live, b → a deleted
	}
	item := func(id func(fixture) uuid.UUID, tail string) func(fixture) string {
		return func(f fixture) string { return "/api/v1/hub-routes/" + id(f).String() + tail }
	}
	live := item(func(f fixture) uuid.UUID { return f.live }, "")
	deleted := func(tail string) func(fixture) string {
		return item(func(f fixture) uuid.UUID { return f.deleted }, tail)
	}
	const ok, created, noContent, forbidden, notFound = 200, 201, 204, 403, 404
	reader := []int{ok, forbidden, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden}
	permMatrix[fixture]{
		actions: append(searchActions[fixture]("/api/v1/hub-routes", ""), []permAction[fixture]{
			{"get", "GET", live, nil},
			{"get deleted", "GET", deleted(""), nil},
			{"create", "POST", at[fixture]("/api/v1/hub-routes"), func(_ uuid.UUID, f fixture) string { return routeBody(f.a, f.c, 500, 300) }},
			{"put", "PUT", live, func(uuid.UUID, fixture) string { return `{"distanceKm":999,"durationMinutes":600}` }},
			{"patch", "PATCH", live, func(uuid.UUID, fixture) string { return `{"durationMinutes":601}` }},
			{"delete", "DELETE", live, nil},
			{"restore", "POST", deleted("/restore"), nil},
		}...),
		want: map[access.Role][]int{
			access.Master:     {ok, ok, ok, ok, created, ok, ok, noContent, ok},
			access.HubManager: reader, access.Company: reader, access.Shipper: reader, access.Server: reader,
			access.Customer: {forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		},
		notFound: "ROUTE_NOT_FOUND",
		fixture: func(en *env, _ uuid.UUID, _ int, name string) fixture {
			// Seoul, Suwon and Busan: the figures pass the great circle.
			f := fixture{
				a: en.createHubAt("서울 "+name, 37.5665, 126.9780),
				b: en.createHubAt("수원 "+name, 37.2636, 127.0286),
				c: en.createHubAt("부산 "+name, 35.1796, 129.0756),
			}
			f.live = en.createRoute(f.a, f.b, 45.5, 60).RouteID
			f.deleted = en.createRoute(f.b, f.a, 45.5, 60).RouteID
			en.mustDelete(deleted("")(f))
			return f
		},
		watched: func(f fixture) []string { return []string{live(f), deleted("")(f)} },
		check: func(t *testing.T, en *env, c permCase[fixture]) {
			if c.res.Code == forbidden && !en.getRoute(c.f.deleted).IsDeleted {
				t.Errorf("%s %s: refused, but the deleted route came back", c.role, c.action.name)
			}
		},
	}.run(t)
}
