package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestEvents_AggregateFields: every event names its aggregate (aggregateType hub, aggregateId
// its hubId, hubId kept), its hub is the JSON GET /hubs/{id} returns, byte for byte and in its
// key order, and aggregateType= filters the feed and the stream; an unknown type is a 400
// naming aggregateType, on both.
func TestEvents_AggregateFields(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	lat := `{"hubName":"집계 센터","address":{"zipCode":"04524","address1":"주소"},"location":{"latitude":37.5665,"longitude":126.978}}`
	created := en.master("POST", "/api/v1/hubs", lat)
	var h struct {
		HubID uuid.UUID `json:"hubId"`
	}
	created.decode(t, &h)
	path := "/api/v1/hubs/" + h.HubID.String()
	en.master("PATCH", path, `{"hubName":"집계 허브"}`)
	get := en.master("GET", path, "")

	var feed struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	en.master("GET", "/api/v1/hub-events", "").decode(t, &feed)
	if len(feed.Events) != 2 {
		t.Fatalf("%d events", len(feed.Events))
	}
	for i, e := range feed.Events {
		if string(e["aggregateType"]) != `"hub"` || string(e["aggregateId"]) != `"`+h.HubID.String()+`"` ||
			string(e["hubId"]) != string(e["aggregateId"]) {
			t.Errorf("event %d: aggregateType %s aggregateId %s hubId %s", i, e["aggregateType"], e["aggregateId"], e["hubId"])
		}
	}
	if last := feed.Events[1]["hub"]; !bytes.Equal(last, bytes.TrimSpace(get.Body)) {
		t.Errorf("the event's hub\n %s\nis not GET's\n %s", last, get.Body)
	}

	var hubsOnly, companies struct {
		Events    []json.RawMessage `json:"events"`
		NextAfter int64             `json:"nextAfter"`
	}
	en.master("GET", "/api/v1/hub-events?aggregateType=hub", "").decode(t, &hubsOnly)
	en.master("GET", "/api/v1/hub-events?aggregateType=company&after=1", "").decode(t, &companies)
	if len(hubsOnly.Events) != 2 || len(companies.Events) != 0 || companies.NextAfter != 1 {
		t.Errorf("aggregateType=hub: %d events; aggregateType=company: %d events, nextAfter %d",
			len(hubsOnly.Events), len(companies.Events), companies.NextAfter)
	}
	for _, target := range []string{"/api/v1/hub-events?aggregateType=parcel", "/api/v1/hub-events/stream?aggregateType=Hub",
		"/api/v1/hub-events?aggregateType=hub&aggregateType=shipper"} {
		p := expectProblem(t, en.master("GET", target, ""), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != "aggregateType" {
			t.Errorf("%s: %+v", target, p)
		}
		if !strings.Contains(target, "&") && !strings.Contains(p.Detail, "hub-route") {
			t.Errorf("%s: the detail %q does not list the types", target, p.Detail)
		}
	}

	// The stream of one aggregate type: the hub events, with the same fields.
	srv := httptest.NewServer(en.e)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/hub-events/stream?aggregateType=hub", nil)
	req.Header.Set("Authorization", "Bearer "+en.token(access.Server, uuid.New()))
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	i := 0
	for i < 2 && sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var e map[string]json.RawMessage
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			t.Fatal(err)
		}
		if string(e["aggregateType"]) != `"hub"` || string(e["seq"]) != fmt.Sprint(i+1) || len(e["hub"]) == 0 {
			t.Errorf("stream event %d: %s", i, data)
		}
		i++
	}
	if i != 2 {
		t.Errorf("the hub stream gave %d events, want 2", i)
	}
}
