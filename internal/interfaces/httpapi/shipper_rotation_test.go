package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// assign takes one turn of the hub's rotation as MASTER.
func (en *env) assign(hubID uuid.UUID, ty string) (int, assignmentJSON) {
	en.t.Helper()
	res := en.master("POST", "/api/v1/hubs/"+hubID.String()+"/shipper-assignments", `{"shipperType":"`+ty+`"}`)
	var a assignmentJSON
	if res.Code == http.StatusOK {
		res.decode(en.t, &a)
	}
	return res.Code, a
}

// TestShipperRotation_FairUnderConcurrency sends 1,000 assignments at once through HTTP to a
// hub with 7 shippers of the type (and others of the other type and at another hub, which
// must not be handed out): every answer is 200, and each of the 7 gets 142 or 143 (six 143, one
// 142: the turns 0…999 each exactly once).
//
// All 1,000 enter at once and queue for the pool's 20 connections, so the last waits for the 999
// before it: under the default 5 s request deadline the test measured the machine's throughput
// (a loaded CI machine under -race answered some of them 503), not the rotation. The deadline
// here only bounds a hang.
func TestShipperRotation_FairUnderConcurrency(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = 2 * time.Minute })
	hubID, other := en.createHub("공정 센터", nil), en.createHub("다른 센터", nil)
	seven := map[uuid.UUID]int{}
	for range 7 {
		seven[en.createShipper(uuid.New(), hubID, "SHIPPER_HUB").ShipperID] = 0
	}
	en.createShipper(uuid.New(), hubID, "SHIPPER_CUSTOMER")
	en.createShipper(uuid.New(), other, "SHIPPER_HUB")
	const n = 1000
	tok := en.token(access.Server, uuid.New())
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed []string
		got    = make([]uuid.UUID, 0, n)
	)
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("POST", "/api/v1/hubs/"+hubID.String()+"/shipper-assignments", strings.NewReader(`{"shipperType":"SHIPPER_HUB"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			<-start
			rec := httptest.NewRecorder()
			en.e.ServeHTTP(rec, req)
			var a assignmentJSON
			mu.Lock()
			defer mu.Unlock()
			if rec.Code != http.StatusOK {
				failed = append(failed, rec.Body.String())
				return
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				failed = append(failed, err.Error())
				return
			}
			got = append(got, a.Shipper.ShipperID)
		}()
	}
	close(start)
	wg.Wait()
	if len(failed) > 0 {
		t.Fatalf("%d of %d assignments failed, the first: %s", len(failed), n, failed[0])
	}
	for _, id := range got {
		if _, ok := seven[id]; !ok {
			t.Fatalf("handed out %s, not one of the hub's shippers of the type", id)
		}
		seven[id]++
	}
	var counts []int
	for _, c := range seven {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	t.Logf("1,000 concurrent assignments over 7 shippers: %v", counts)
	if !slices.Equal(counts, []int{142, 143, 143, 143, 143, 143, 143}) {
		t.Errorf("counts %v, want one 142 and six 143", counts)
	}
}

// TestShipperRotation_MembershipChangesAtOnce: a deleted shipper is never handed out again, from
// the very next turn; a registered one joins; one moved away leaves this hub's rotation and
// joins its new hub's; a restored one comes back. Each full round after a change hands every
// member out once. No shipper of the type is 404 NO_SHIPPER, an unknown or deleted hub 404
// HUB_NOT_FOUND, a bad type 400.
func TestShipperRotation_MembershipChangesAtOnce(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	hubID, far := en.createHub("회전 센터", nil), en.createHub("먼 센터", nil)
	round := func(k int) map[uuid.UUID]int {
		t.Helper()
		seen := map[uuid.UUID]int{}
		for range k {
			code, a := en.assign(hubID, "SHIPPER_HUB")
			if code != http.StatusOK {
				t.Fatalf("assign: %d", code)
			}
			seen[a.Shipper.ShipperID]++
		}
		return seen
	}
	even := func(name string, seen map[uuid.UUID]int, members []uuid.UUID, each int) {
		t.Helper()
		if len(seen) != len(members) {
			t.Errorf("%s: handed out %v, want each of %v %d times", name, seen, members, each)
		}
		for _, m := range members {
			if seen[m] != each {
				t.Errorf("%s: %s got %d, want %d (%v)", name, m, seen[m], each, seen)
			}
		}
	}
	if code, _ := en.assign(hubID, "SHIPPER_HUB"); code != http.StatusNotFound {
		t.Errorf("no shipper yet: %d", code)
	}
	a, b, c := en.createShipper(uuid.New(), hubID, "SHIPPER_HUB").ShipperID, en.createShipper(uuid.New(), hubID, "SHIPPER_HUB").ShipperID,
		en.createShipper(uuid.New(), hubID, "SHIPPER_HUB").ShipperID
	even("three", round(9), []uuid.UUID{a, b, c}, 3)
	round(1) // the cycle is now mid-round: a change must take effect from the very next turn anyway
	if r := en.master("DELETE", "/api/v1/shippers/"+b.String(), ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	even("b deleted", round(10), []uuid.UUID{a, c}, 5)
	d := en.createShipper(uuid.New(), hubID, "SHIPPER_HUB").ShipperID
	even("d added", round(9), []uuid.UUID{a, c, d}, 3)
	if r := en.master("PATCH", "/api/v1/shippers/"+c.String(), `{"hubId":"`+far.String()+`"}`); r.Code != http.StatusOK {
		t.Fatalf("move: %d %s", r.Code, r.Body)
	}
	even("c moved away", round(8), []uuid.UUID{a, d}, 4)
	if code, got := en.assign(far, "SHIPPER_HUB"); code != http.StatusOK || got.Shipper.ShipperID != c || got.Shipper.HubID != far || got.AssignedAt == "" {
		t.Errorf("c at its new hub: %d %+v", code, got)
	}
	if r := en.master("PATCH", "/api/v1/shippers/"+d.String(), `{"shipperType":"SHIPPER_CUSTOMER"}`); r.Code != http.StatusOK {
		t.Fatalf("retype: %d %s", r.Code, r.Body)
	}
	even("d retyped", round(4), []uuid.UUID{a}, 4)
	if r := en.master("POST", "/api/v1/shippers/"+b.String()+"/restore", ""); r.Code != http.StatusOK {
		t.Fatalf("restore: %d %s", r.Code, r.Body)
	}
	even("b restored", round(6), []uuid.UUID{a, b}, 3)

	res := en.master("POST", "/api/v1/hubs/"+uuid.NewString()+"/shipper-assignments", `{"shipperType":"SHIPPER_HUB"}`)
	if p := checkProblem(t, res); res.Code != http.StatusNotFound || p.Code != "HUB_NOT_FOUND" {
		t.Errorf("unknown hub: %d %s", res.Code, res.Body)
	}
	empty := en.createHub("빈 센터", nil)
	if r := en.master("DELETE", "/api/v1/hubs/"+empty.String(), ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete hub: %d %s", r.Code, r.Body)
	}
	res = en.master("POST", "/api/v1/hubs/"+empty.String()+"/shipper-assignments", `{"shipperType":"SHIPPER_HUB"}`)
	if p := checkProblem(t, res); res.Code != http.StatusNotFound || p.Code != "HUB_NOT_FOUND" {
		t.Errorf("deleted hub: %d %s", res.Code, res.Body)
	}
	res = en.master("POST", "/api/v1/hubs/"+far.String()+"/shipper-assignments", `{"shipperType":"SHIPPER_CUSTOMER"}`)
	if p := checkProblem(t, res); res.Code != http.StatusNotFound || p.Code != "NO_SHIPPER" {
		t.Errorf("none of the type: %d %s", res.Code, res.Body)
	}
	for _, body := range []string{`{"shipperType":"TRUCK"}`, `{}`, `{"shipperType":null}`, `{"shipperType":"SHIPPER_HUB","x":1}`, `[]`} {
		if res := en.master("POST", "/api/v1/hubs/"+hubID.String()+"/shipper-assignments", body); res.Code != http.StatusBadRequest {
			t.Errorf("body %s: %d %s", body, res.Code, res.Body)
		}
	}
}
