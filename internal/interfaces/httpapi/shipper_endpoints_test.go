package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestShipperEndpoints_Lifecycle: register (201, Location, ETag), read back, the errors of a
// registration (400 naming every field, 422 HUB_NOT_FOUND for an unknown or deleted hub, 409
// SHIPPER_EXISTS, 409 SHIPPER_DELETED), PUT and PATCH (a move, another shipperId 400, a move to
// a deleted hub 422, If-Match 412), delete (a second one 404), restore (409 when live), and the
// search by hubName with its Link.
func TestShipperEndpoints_Lifecycle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	seoul, busan := en.createHub("서울특별시 센터", nil), en.createHub("부산광역시 센터", nil)
	id := uuid.New()
	res := en.master("POST", "/api/v1/shippers", shipperBody(id, seoul, "SHIPPER_HUB"))
	if res.Code != http.StatusCreated || res.Header.Get("Location") != "/api/v1/shippers/"+id.String() || res.Header.Get("ETag") != `"1"` {
		t.Fatalf("create: %d %v %s", res.Code, res.Header, res.Body)
	}
	if get := en.master("GET", "/api/v1/shippers/"+id.String(), ""); !bytes.Equal(get.Body, res.Body) {
		t.Errorf("GET %s, POST answered %s", get.Body, res.Body)
	}
	problem := func(name string, r response, status int, code string) {
		t.Helper()
		if p := checkProblem(t, r); r.Code != status || p.Code != code {
			t.Errorf("%s: %d %s, want %d %s", name, r.Code, r.Body, status, code)
		}
	}
	bad := en.master("POST", "/api/v1/shippers", `{"shipperId":"x","shipperType":"TRUCK"}`)
	problem("bad body", bad, 400, "INVALID_BODY")
	var p struct{ Errors []struct{ Field string } }
	bad.decode(t, &p)
	if len(p.Errors) != 3 {
		t.Errorf("bad body names %+v, want shipperId, shipperType, hubId", p.Errors)
	}
	problem("unknown hub", en.master("POST", "/api/v1/shippers", shipperBody(uuid.New(), uuid.New(), "SHIPPER_HUB")), 422, "HUB_NOT_FOUND")
	gone := en.createHub("폐쇄 센터", nil)
	en.master("DELETE", "/api/v1/hubs/"+gone.String(), "")
	problem("deleted hub", en.master("POST", "/api/v1/shippers", shipperBody(uuid.New(), gone, "SHIPPER_HUB")), 422, "HUB_NOT_FOUND")
	problem("live id again", en.master("POST", "/api/v1/shippers", shipperBody(id, busan, "SHIPPER_HUB")), 409, "SHIPPER_EXISTS")

	path := "/api/v1/shippers/" + id.String()
	problem("another id", en.master("PUT", path, shipperBody(uuid.New(), busan, "SHIPPER_HUB")), 400, "INVALID_BODY")
	problem("put without type", en.master("PUT", path, `{"hubId":"`+busan.String()+`"}`), 400, "INVALID_BODY")
	problem("move to a deleted hub", en.master("PATCH", path, `{"hubId":"`+gone.String()+`"}`), 422, "HUB_NOT_FOUND")
	problem("stale If-Match", en.master("PATCH", path, `{"hubId":"`+busan.String()+`"}`, "If-Match", `"7"`), 412, "VERSION_MISMATCH")
	var moved shipperJSON
	en.master("PATCH", path, `{"hubId":"`+busan.String()+`"}`, "If-Match", `"1"`).decode(t, &moved)
	if moved.HubID != busan || moved.Version != 2 || moved.ShipperType != "SHIPPER_HUB" {
		t.Errorf("moved: %+v", moved)
	}
	var same shipperJSON
	en.master("PUT", path, shipperBody(id, busan, "SHIPPER_HUB")).decode(t, &same)
	if same.Version != 2 {
		t.Errorf("an unchanged PUT bumped the version: %+v", same)
	}
	// A hub manager who may not change it learns nothing of its version: 403, not 412.
	if r := en.as(access.HubManager, uuid.New(), "PATCH", path, `{"shipperType":"SHIPPER_CUSTOMER"}`, "If-Match", `"9"`); r.Code != http.StatusForbidden {
		t.Errorf("permission before version: %d %s", r.Code, r.Body)
	}

	var page struct {
		Content []shipperJSON
		Page    struct{ TotalElements int64 }
	}
	en.createShipper(uuid.New(), seoul, "SHIPPER_CUSTOMER")
	search := en.master("GET", "/api/v1/shippers?hubName=%EB%B6%80%EC%82%B0&size=5", "")
	search.decode(t, &page)
	if len(page.Content) != 1 || page.Content[0].ShipperID != id || page.Page.TotalElements != 1 || search.Header.Get("Link") == "" {
		t.Errorf("hubName=부산: %s (Link %q)", search.Body, search.Header.Get("Link"))
	}
	problem("bad shipperType filter", en.master("GET", "/api/v1/shippers?shipperType=TRUCK", ""), 400, "INVALID_PARAMETER")
	problem("bad sort", en.master("GET", "/api/v1/shippers?sort=hubName", ""), 400, "INVALID_PARAMETER")

	if r := en.master("DELETE", path, ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	problem("delete again", en.master("DELETE", path, ""), 404, "SHIPPER_NOT_FOUND")
	problem("register a deleted id", en.master("POST", "/api/v1/shippers", shipperBody(id, seoul, "SHIPPER_HUB")), 409, "SHIPPER_DELETED")
	problem("change a deleted one", en.master("PATCH", path, `{"shipperType":"SHIPPER_CUSTOMER"}`), 409, "SHIPPER_DELETED")
	var restored shipperJSON
	en.master("POST", path+"/restore", "").decode(t, &restored)
	if restored.IsDeleted || restored.Version != 4 || restored.HubID != busan {
		t.Errorf("restored: %+v", restored)
	}
	problem("restore a live one", en.master("POST", path+"/restore", ""), 409, "SHIPPER_NOT_DELETED")
	problem("unknown shipper", en.master("GET", "/api/v1/shippers/"+uuid.NewString(), ""), 404, "SHIPPER_NOT_FOUND")
	problem("bad id", en.master("GET", "/api/v1/shippers/x", ""), 400, "INVALID_PARAMETER")
}

// TestShipperEvents_InTheFeed: every change of a shipper is an event of aggregateType shipper
// on the feed, its shipper the JSON GET /shippers/{id} returns, byte for byte; aggregateType=
// shipper shows them alone.
func TestShipperEvents_InTheFeed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a, b := en.createHub("이벤트 센터", nil), en.createHub("둘째 센터", nil)
	id := uuid.New()
	en.createShipper(id, a, "SHIPPER_HUB")
	path := "/api/v1/shippers/" + id.String()
	en.master("PATCH", path, `{"hubId":"`+b.String()+`"}`)
	en.master("DELETE", path, "")
	en.master("POST", path+"/restore", "")
	get := en.master("GET", path, "")
	var feed struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	en.master("GET", "/api/v1/hub-events?aggregateType=shipper", "").decode(t, &feed)
	var types []string
	for _, e := range feed.Events {
		var typ string
		_ = json.Unmarshal(e["type"], &typ)
		types = append(types, typ)
		if string(e["aggregateType"]) != `"shipper"` || string(e["aggregateId"]) != `"`+id.String()+`"` || e["shipper"] == nil {
			t.Errorf("event %s: aggregateType %s aggregateId %s shipper %s", typ, e["aggregateType"], e["aggregateId"], e["shipper"])
		}
	}
	want := []string{"shipper.created", "shipper.updated", "shipper.deleted", "shipper.restored"}
	if len(types) != len(want) || types[0] != want[0] || types[1] != want[1] || types[2] != want[2] || types[3] != want[3] {
		t.Fatalf("events %v, want %v", types, want)
	}
	if last := feed.Events[3]["shipper"]; !bytes.Equal(last, bytes.TrimSpace(get.Body)) {
		t.Errorf("the event's shipper\n %s\nis not GET's\n %s", last, get.Body)
	}
	var everything struct{ Events []json.RawMessage }
	en.master("GET", "/api/v1/hub-events", "").decode(t, &everything)
	if len(everything.Events) != 2+4 {
		t.Errorf("the whole feed has %d events, want 2 hubs' and 4 shipper events", len(everything.Events))
	}
}

// TestShipperSearch_AShipperSeesOnlyItself: a SHIPPER's search is narrowed to its own id, its
// other filters ANDed: another shipperId is an empty page, a hub filter that misses it too, and
// a deleted search 403.
func TestShipperSearch_AShipperSeesOnlyItself(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	h, other := en.createHub("자기 센터", nil), en.createHub("남 센터", nil)
	me, them := uuid.New(), uuid.New()
	en.createShipper(me, h, "SHIPPER_HUB")
	en.createShipper(them, h, "SHIPPER_HUB")
	count := func(q string) int {
		t.Helper()
		res := en.as(access.Shipper, me, "GET", "/api/v1/shippers"+q, "")
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", q, res.Code, res.Body)
		}
		var page struct {
			Content []shipperJSON
			Page    struct{ TotalElements int64 }
		}
		res.decode(t, &page)
		if int64(len(page.Content)) != page.Page.TotalElements || (len(page.Content) == 1 && page.Content[0].ShipperID != me) {
			t.Errorf("%s: %s", q, res.Body)
		}
		return len(page.Content)
	}
	for q, want := range map[string]int{
		"": 1, "?shipperId=" + me.String(): 1, "?shipperId=" + them.String(): 0, "?hubId=" + h.String(): 1,
		"?hubId=" + other.String(): 0, "?hubName=%EC%9E%90%EA%B8%B0": 1, "?shipperType=SHIPPER_CUSTOMER": 0,
	} {
		if got := count(q); got != want {
			t.Errorf("%q: %d shippers, want %d", q, got, want)
		}
	}
	if res := en.as(access.Shipper, me, "GET", "/api/v1/shippers?isDeleted=true", ""); res.Code != http.StatusForbidden {
		t.Errorf("deleted search: %d", res.Code)
	}
}
