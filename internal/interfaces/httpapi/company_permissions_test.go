package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestCompanyPermissions_Matrix is the contract's company table for all six roles through HTTP:
// every role but CUSTOMER reads, a deleted company MASTER only (404 for the others); create,
// delete and restore are MASTER's and the hub manager's at hubs they manage; a change is
// MASTER's, the hub manager's at hubs they manage (a move needs both hubs), and the company
// manager's for their own company's companyName and address only. The caller's sub manages hub
// "mine" and "mine2" and the company "own"; someone else manages hub "theirs" and its company.
// Each action runs on fresh records, and a refused one leaves them as they were.
func TestCompanyPermissions_Matrix(t *testing.T) {
	t.Parallel()
	type fixture struct {
		mine, mine2, theirs uuid.UUID // hubs
		own, other, deleted uuid.UUID // companies: own at mine (managed by me), other at theirs, deleted at mine
	}
	actions := []struct {
		name string
		run  func(en *env, r access.Role, me uuid.UUID, f fixture) response
	}{
		{"search", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/companies?companyManagerId=me", "")
		}},
		{"search deleted", func(en *env, r access.Role, me uuid.UUID, _ fixture) response {
			return en.as(r, me, "GET", "/api/v1/companies?isDeleted=true", "")
		}},
		{"get", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", "/api/v1/companies/"+f.other.String(), "")
		}},
		{"get deleted", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "GET", "/api/v1/companies/"+f.deleted.String(), "")
		}},
		{"create at my hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/companies", companyBody("새 회사 1", f.mine, nil))
		}},
		{"create at their hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/companies", companyBody("새 회사 2", f.theirs, nil))
		}},
		{"rename own", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/companies/"+f.own.String(), `{"companyName":"새 이름","address":{"address2":"3층"}}`)
		}},
		{"replace own, same hub and manager", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PUT", "/api/v1/companies/"+f.own.String(), companyBody("바꾼 이름", f.mine, &me))
		}},
		{"hand own over", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/companies/"+f.own.String(), `{"companyManagerId":null}`)
		}},
		{"move own to my other hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/companies/"+f.own.String(), `{"hubId":"`+f.mine2.String()+`"}`)
		}},
		{"move own to their hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/companies/"+f.own.String(), `{"hubId":"`+f.theirs.String()+`"}`)
		}},
		{"rename other", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "PATCH", "/api/v1/companies/"+f.other.String(), `{"companyName":"남의 이름"}`)
		}},
		{"delete own", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "DELETE", "/api/v1/companies/"+f.own.String(), "")
		}},
		{"delete other", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "DELETE", "/api/v1/companies/"+f.other.String(), "")
		}},
		{"restore at my hub", func(en *env, r access.Role, me uuid.UUID, f fixture) response {
			return en.as(r, me, "POST", "/api/v1/companies/"+f.deleted.String()+"/restore", "")
		}},
	}
	const ok, created, noContent, forbidden, notFound = 200, 201, 204, 403, 404
	f := forbidden
	reader := []int{ok, f, ok, notFound, f, f, f, f, f, f, f, f, f, f, f}
	want := map[access.Role][]int{
		access.Master:     {ok, ok, ok, ok, created, created, ok, ok, ok, ok, ok, ok, noContent, noContent, ok},
		access.HubManager: {ok, f, ok, notFound, created, f, ok, ok, ok, ok, f, f, noContent, f, ok},
		access.Company:    {ok, f, ok, notFound, f, f, ok, ok, f, f, f, f, f, f, f},
		access.Shipper:    reader, access.Server: reader,
		access.Customer: {f, f, f, f, f, f, f, f, f, f, f, f, f, f, f},
	}
	if len(want) != len(access.Roles) {
		t.Fatalf("the matrix has %d roles, the contract %d", len(want), len(access.Roles))
	}
	for _, role := range access.Roles {
		if len(want[role]) != len(actions) {
			t.Fatalf("%s: %d answers for %d actions", role, len(want[role]), len(actions))
		}
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			en := newEnv(t)
			me, someone := uuid.New(), uuid.New()
			for i, a := range actions {
				fx := fixture{
					mine:   en.createHub(fmt.Sprintf("내 허브 %d", i), &me),
					mine2:  en.createHub(fmt.Sprintf("내 둘째 허브 %d", i), &me),
					theirs: en.createHub(fmt.Sprintf("남의 허브 %d", i), &someone),
				}
				fx.own = en.createCompany(fmt.Sprintf("내 회사 %d", i), fx.mine, &me).CompanyID
				fx.other = en.createCompany(fmt.Sprintf("남의 회사 %d", i), fx.theirs, &someone).CompanyID
				fx.deleted = en.createCompany(fmt.Sprintf("지운 회사 %d", i), fx.mine, nil).CompanyID
				if r := en.master("DELETE", "/api/v1/companies/"+fx.deleted.String(), ""); r.Code != noContent {
					t.Fatalf("setup delete: %d %s", r.Code, r.Body)
				}
				before := map[uuid.UUID]string{}
				for _, id := range []uuid.UUID{fx.own, fx.other, fx.deleted} {
					before[id] = string(en.master("GET", "/api/v1/companies/"+id.String(), "").Body)
				}
				res := a.run(en, role, me, fx)
				if res.Code != want[role][i] {
					t.Errorf("%s %s: %d, want %d: %s", role, a.name, res.Code, want[role][i], res.Body)
				}
				switch res.Code {
				case forbidden:
					expectProblem(t, res, forbidden, "FORBIDDEN")
					for id, b := range before {
						if after := string(en.master("GET", "/api/v1/companies/"+id.String(), "").Body); after != b {
							t.Errorf("%s %s: refused, but company %s changed:\n%s\n%s", role, a.name, id, b, after)
						}
					}
				case notFound:
					expectProblem(t, res, notFound, "COMPANY_NOT_FOUND")
				}
			}
		})
	}
}
