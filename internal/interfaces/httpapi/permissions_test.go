package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestPermissions_Matrix is the contract's role table, every role against every action, through
// HTTP. Each case runs on fresh hubs: one managed by the caller, one by someone else, one
// deleted.
func TestPermissions_Matrix(t *testing.T) {
	t.Parallel()
	type action struct {
		name string
		run  func(en *env, role access.Role, me uuid.UUID, own, others, deleted uuid.UUID) response
	}
	body := `{"hubName":"바뀐 이름 %s","hubManagerId":"%[1]s","address":{"address1":"새 주소"}}`
	actions := []action{
		{"search", func(en *env, r access.Role, me, _, _, _ uuid.UUID) response {
			return en.as(r, me, "GET", "/api/v1/hubs", "")
		}},
		{"search deleted", func(en *env, r access.Role, me, _, _, _ uuid.UUID) response {
			return en.as(r, me, "GET", "/api/v1/hubs?isDeleted=true", "")
		}},
		{"get", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "GET", "/api/v1/hubs/"+own.String(), "")
		}},
		{"get deleted", func(en *env, r access.Role, me, _, _, del uuid.UUID) response {
			return en.as(r, me, "GET", "/api/v1/hubs/"+del.String(), "")
		}},
		{"create", func(en *env, r access.Role, me, _, _, _ uuid.UUID) response {
			return en.as(r, me, "POST", "/api/v1/hubs", `{"hubName":"새 허브","address":{"address1":"주소"}}`)
		}},
		{"put own hub", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "PUT", "/api/v1/hubs/"+own.String(), fmt.Sprintf(body, me))
		}},
		{"patch own hub", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "PATCH", "/api/v1/hubs/"+own.String(), `{"hubName":"고친 이름"}`)
		}},
		{"patch own hub's manager", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "PATCH", "/api/v1/hubs/"+own.String(), `{"hubManagerId":"`+uuid.NewString()+`"}`)
		}},
		{"put own hub with another manager", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "PUT", "/api/v1/hubs/"+own.String(), fmt.Sprintf(body, uuid.New()))
		}},
		{"patch someone else's hub", func(en *env, r access.Role, me, _, other, _ uuid.UUID) response {
			return en.as(r, me, "PATCH", "/api/v1/hubs/"+other.String(), `{"hubName":"남의 허브"}`)
		}},
		{"delete", func(en *env, r access.Role, me, own, _, _ uuid.UUID) response {
			return en.as(r, me, "DELETE", "/api/v1/hubs/"+own.String(), "")
		}},
		{"restore", func(en *env, r access.Role, me, _, _, del uuid.UUID) response {
			return en.as(r, me, "POST", "/api/v1/hubs/"+del.String()+"/restore", "")
		}},
	}
	ok, created, noContent, forbidden, notFound := 200, 201, 204, 403, 404
	want := map[access.Role][]int{ // in the order of actions
		access.Master:     {ok, ok, ok, ok, created, ok, ok, ok, ok, ok, noContent, ok},
		access.HubManager: {ok, forbidden, ok, notFound, forbidden, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
		access.Company:    {ok, forbidden, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		access.Shipper:    {ok, forbidden, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		access.Server:     {ok, forbidden, ok, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		access.Customer:   {forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			en := newEnv(t)
			me := uuid.New()
			for i, a := range actions {
				own := en.createHub("내 허브 "+a.name, &me)
				other := en.createHub("남의 허브 "+a.name, ptr(uuid.New()))
				del := en.createHub("지운 허브 "+a.name, &me)
				if r := en.master("DELETE", "/api/v1/hubs/"+del.String(), ""); r.Code != noContent {
					t.Fatalf("setup delete: %d", r.Code)
				}
				before := en.master("GET", "/api/v1/hubs/"+own.String(), "").Body
				res := a.run(en, role, me, own, other, del)
				if res.Code != want[role][i] {
					t.Errorf("%s %s: %d, want %d: %s", role, a.name, res.Code, want[role][i], res.Body)
				}
				if res.Code == forbidden {
					expectProblem(t, res, forbidden, "FORBIDDEN")
					if after := en.master("GET", "/api/v1/hubs/"+own.String(), "").Body; string(after) != string(before) {
						t.Errorf("%s %s: refused, but the hub changed", role, a.name)
					}
				}
				if res.Code == notFound {
					expectProblem(t, res, notFound, "HUB_NOT_FOUND")
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
