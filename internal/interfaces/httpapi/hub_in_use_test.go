package httpapi_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/google/uuid"
)

// The shipper and company endpoints come with their own aggregates; until then these tests put
// the rows at a hub with plain SQL, as the guard counts them.
const (
	insertLiveShipperSQL = `INSERT INTO shippers (shipper_id, hub_id, shipper_type, version, created_at, created_by, updated_at, updated_by)
		VALUES ($1, $2, 'SHIPPER_CUSTOMER', 1, now(), $1, now(), $1)`
	insertLiveCompanySQL = `INSERT INTO companies (company_id, company_name, name_key, hub_id, address1, version, created_at, created_by, updated_at, updated_by)
		VALUES ($1, $3, lower($3), $2, '주소', 1, now(), $1, now(), $1)`
	deleteShipperSQL = `UPDATE shippers SET (is_deleted, deleted_at, deleted_by, version) = (true, now(), shipper_id, version + 1) WHERE shipper_id = $1`
	deleteCompanySQL = `UPDATE companies SET (is_deleted, deleted_at, deleted_by, version) = (true, now(), company_id, version + 1) WHERE company_id = $1`
)

// TestDeleteHub_InUse: a hub with live shippers or companies is not deleted (409 HUB_IN_USE,
// both counts in the detail), and the refusal leaves nothing half done: the hub, its route and
// the event feed are as they were. Deleted shippers and companies do not count; once none is
// live, the deletion goes through with its cascade.
func TestDeleteHub_InUse(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a, b := en.createHub("사용 중 허브", nil), en.createHub("이웃 허브", nil)
	rt := en.createRoute(a, b, 12.5, 30)
	hubPath := "/api/v1/hubs/" + a.String()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := en.db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	events := func() (n int) {
		t.Helper()
		if err := en.db.QueryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	refused := func(detail string) {
		t.Helper()
		before, eventsBefore := en.master("GET", hubPath, ""), events()
		p := expectProblem(t, en.master("DELETE", hubPath, ""), http.StatusConflict, "HUB_IN_USE")
		if p.Detail != detail {
			t.Errorf("detail %q, want %q", p.Detail, detail)
		}
		after := en.master("GET", hubPath, "")
		if after.Code != http.StatusOK || !bytes.Equal(after.Body, before.Body) || after.Header.Get("ETag") != before.Header.Get("ETag") {
			t.Errorf("the refused deletion changed the hub: %s\nthen %d %s", before.Body, after.Code, after.Body)
		}
		if got := en.getRoute(rt.RouteID); got.IsDeleted || got.Version != rt.Version {
			t.Errorf("the refused deletion changed the route: %+v", got)
		}
		if n := events(); n != eventsBefore {
			t.Errorf("the refused deletion wrote %d events", n-eventsBefore)
		}
	}

	first, second := uuid.New(), uuid.New()
	exec(insertLiveShipperSQL, first, a)
	refused("the hub still has 1 shipper and 0 companies that are not deleted; delete them or move them to another hub first")
	exec(insertLiveShipperSQL, second, a)
	exec(insertLiveShipperSQL, uuid.New(), b) // another hub's do not count
	company := uuid.New()
	exec(insertLiveCompanySQL, company, a, "사용 회사")
	exec(insertLiveCompanySQL, uuid.New(), b, "이웃 회사")
	refused("the hub still has 2 shippers and 1 company that are not deleted; delete them or move them to another hub first")
	exec(deleteShipperSQL, first)
	refused("the hub still has 1 shipper and 1 company that are not deleted; delete them or move them to another hub first")
	exec(deleteShipperSQL, second)
	refused("the hub still has 0 shippers and 1 company that are not deleted; delete them or move them to another hub first")

	// Only deleted ones are left at the hub: it is deleted, and its route with it.
	exec(deleteCompanySQL, company)
	if res := en.master("DELETE", hubPath, ""); res.Code != http.StatusNoContent {
		t.Fatalf("delete with only deleted shippers and companies: %d %s", res.Code, res.Body)
	}
	if got := en.getRoute(rt.RouteID); !got.IsDeleted {
		t.Errorf("the route of the deleted hub is live: %+v", got)
	}
}
