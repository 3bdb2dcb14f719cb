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
	path := func(id uuid.UUID) string { return "/api/v1/companies/" + id.String() }
	own := func(f fixture) string { return path(f.own) }
	other := func(f fixture) string { return path(f.other) }
	deleted := func(f fixture) string { return path(f.deleted) }
	text := func(s string) func(uuid.UUID, fixture) string { return func(uuid.UUID, fixture) string { return s } }
	const ok, created, noContent, forbidden, notFound = 200, 201, 204, 403, 404
	f := forbidden
	reader := []int{ok, f, ok, notFound, f, f, f, f, f, f, f, f, f, f, f}
	permMatrix[fixture]{
		actions: append(searchActions[fixture]("/api/v1/companies", "companyManagerId=me"), []permAction[fixture]{
			{"get", "GET", other, nil},
			{"get deleted", "GET", deleted, nil},
			{"create at my hub", "POST", at[fixture]("/api/v1/companies"), func(_ uuid.UUID, f fixture) string { return companyBody("새 회사 1", f.mine, nil) }},
			{"create at their hub", "POST", at[fixture]("/api/v1/companies"), func(_ uuid.UUID, f fixture) string { return companyBody("새 회사 2", f.theirs, nil) }},
			{"rename own", "PATCH", own, text(`{"companyName":"새 이름","address":{"address2":"3층"}}`)},
			{"replace own, same hub and manager", "PUT", own, func(me uuid.UUID, f fixture) string { return companyBody("바꾼 이름", f.mine, &me) }},
			{"hand own over", "PATCH", own, text(`{"companyManagerId":null}`)},
			{"move own to my other hub", "PATCH", own, func(_ uuid.UUID, f fixture) string { return `{"hubId":"` + f.mine2.String() + `"}` }},
			{"move own to their hub", "PATCH", own, func(_ uuid.UUID, f fixture) string { return `{"hubId":"` + f.theirs.String() + `"}` }},
			{"rename other", "PATCH", other, text(`{"companyName":"남의 이름"}`)},
			{"delete own", "DELETE", own, nil},
			{"delete other", "DELETE", other, nil},
			{"restore at my hub", "POST", func(f fixture) string { return deleted(f) + "/restore" }, nil},
		}...),
		want: map[access.Role][]int{
			access.Master:     {ok, ok, ok, ok, created, created, ok, ok, ok, ok, ok, ok, noContent, noContent, ok},
			access.HubManager: {ok, f, ok, notFound, created, f, ok, ok, ok, ok, f, f, noContent, f, ok},
			access.Company:    {ok, f, ok, notFound, f, f, ok, ok, f, f, f, f, f, f, f},
			access.Shipper:    reader, access.Server: reader,
			access.Customer: {f, f, f, f, f, f, f, f, f, f, f, f, f, f, f},
		},
		notFound: "COMPANY_NOT_FOUND",
		fixture: func(en *env, me uuid.UUID, i int, _ string) fixture {
			someone := uuid.New()
			fx := fixture{
				mine:   en.createHub(fmt.Sprintf("내 허브 %d", i), &me),
				mine2:  en.createHub(fmt.Sprintf("내 둘째 허브 %d", i), &me),
				theirs: en.createHub(fmt.Sprintf("남의 허브 %d", i), &someone),
			}
			fx.own = en.createCompany(fmt.Sprintf("내 회사 %d", i), fx.mine, &me).CompanyID
			fx.other = en.createCompany(fmt.Sprintf("남의 회사 %d", i), fx.theirs, &someone).CompanyID
			fx.deleted = en.createCompany(fmt.Sprintf("지운 회사 %d", i), fx.mine, nil).CompanyID
			en.mustDelete(deleted(fx))
			return fx
		},
		watched: func(fx fixture) []string { return []string{own(fx), other(fx), deleted(fx)} },
	}.run(t)
}
