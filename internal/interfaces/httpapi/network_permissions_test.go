package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestNetworkPermissions_Matrix is the contract's "every role but CUSTOMER" for the paths and
// the nearest hubs, through HTTP, for each of the six roles: GET /hub-paths (by distance and by
// duration), GET /hub-paths/matrix (whole, and its from= row) and GET /hubs/nearest. A role
// allowed gets the real answer (the same for every role: a reader's role does not narrow the
// network), CUSTOMER a 403 FORBIDDEN problem with no figure of the network in it.
func TestNetworkPermissions_Matrix(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	// 서울 → 수원 → 부산, and 서울 → 부산 direct but longer and faster: by distance the path goes
	// through 수원, by duration it is the direct route.
	seoul := en.createHubAt("서울 센터", 37.5665, 126.9780)
	suwon := en.createHubAt("수원 센터", 37.2636, 127.0286)
	busan := en.createHubAt("부산 센터", 35.1796, 129.0756)
	en.createRoute(seoul, suwon, 45.5, 60)
	en.createRoute(suwon, busan, 400, 300)
	en.createRoute(seoul, busan, 500, 200)
	if err := en.paths.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}

	type check func(t *testing.T, r response)
	hubsAre := func(want ...uuid.UUID) check {
		return func(t *testing.T, r response) {
			t.Helper()
			var p struct{ Hubs []uuid.UUID }
			r.decode(t, &p)
			if !slices.Equal(p.Hubs, want) {
				t.Errorf("hubs %v, want %v: %s", p.Hubs, want, r.Body)
			}
		}
	}
	matrixRows := func(rows int) check {
		return func(t *testing.T, r response) {
			t.Helper()
			var m struct {
				Hubs       []uuid.UUID
				DistanceKm [][]*float64
			}
			r.decode(t, &m)
			if len(m.Hubs) != 3 || len(m.DistanceKm) != rows || len(m.DistanceKm[0]) != 3 {
				t.Errorf("%d hubs, %d rows, want 3 hubs and %d rows of 3: %s", len(m.Hubs), len(m.DistanceKm), rows, r.Body)
			}
		}
	}
	nearestFirst := func(want uuid.UUID) check {
		return func(t *testing.T, r response) {
			t.Helper()
			var n struct {
				Content []struct{ Hub struct{ HubID uuid.UUID } }
			}
			r.decode(t, &n)
			if len(n.Content) != 3 || n.Content[0].Hub.HubID != want {
				t.Errorf("nearest: %s, want three hubs, %s first", r.Body, want)
			}
		}
	}
	pair := fmt.Sprintf("from=%s&to=%s", seoul, busan)
	endpoints := []struct {
		name, target string
		ok           check
	}{
		{"path by distance", "/api/v1/hub-paths?" + pair, hubsAre(seoul, suwon, busan)},
		{"path by duration", "/api/v1/hub-paths?by=duration&" + pair, hubsAre(seoul, busan)},
		{"matrix", "/api/v1/hub-paths/matrix", matrixRows(3)},
		{"matrix row", "/api/v1/hub-paths/matrix?by=duration&from=" + seoul.String(), matrixRows(1)},
		{"nearest", "/api/v1/hubs/nearest?latitude=37.3&longitude=127.03", nearestFirst(suwon)},
	}
	want := map[access.Role]int{
		access.Master: http.StatusOK, access.HubManager: http.StatusOK, access.Company: http.StatusOK,
		access.Shipper: http.StatusOK, access.Server: http.StatusOK, access.Customer: http.StatusForbidden,
	}
	if len(want) != len(access.Roles) {
		t.Fatalf("the matrix has %d roles, the contract %d", len(want), len(access.Roles))
	}
	for _, role := range access.Roles {
		for _, ep := range endpoints {
			t.Run(string(role)+"/"+ep.name, func(t *testing.T) {
				r := en.as(role, uuid.New(), "GET", ep.target, "")
				if r.Code != want[role] {
					t.Fatalf("%s GET %s: %d, want %d: %s", role, ep.target, r.Code, want[role], r.Body)
				}
				if r.Code == http.StatusOK {
					ep.ok(t, r)
				} else {
					expectProblem(t, r, http.StatusForbidden, "FORBIDDEN")
					if strings.Contains(string(r.Body), seoul.String()) || strings.Contains(string(r.Body), suwon.String()) {
						t.Errorf("%s GET %s: refused, but the problem names a hub: %s", role, ep.target, r.Body)
					}
				}
			})
		}
	}
}
