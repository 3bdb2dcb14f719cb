package httpapi_test

import (
	"fmt"
	"testing"
)

// TestCompanies_ConcurrentMovesAndRenames: 24 concurrent changes of one company (moves between
// three hubs and renames) all succeed, none is lost (the version counts every one, the feed has
// one event each), and the company ends at a hub the last move named.
func TestCompanies_ConcurrentMovesAndRenames(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	hubs := [3]string{}
	for i := range hubs {
		hubs[i] = en.createHub(fmt.Sprintf("동시 허브 %d", i), nil).String()
	}
	c := en.createCompany("동시 회사", en.createHub("출발 허브", nil), nil)
	path := "/api/v1/companies/" + c.CompanyID.String()
	const n = 24
	codes := atOnce(n, func(i int) int {
		body := fmt.Sprintf(`{"hubId":%q}`, hubs[i%3])
		if i%2 == 1 {
			body = fmt.Sprintf(`{"companyName":"동시 회사 %d","hubId":%q}`, i, hubs[(i+1)%3])
		}
		return en.master("PATCH", path, body).Code
	})
	for i, code := range codes {
		if code != 200 {
			t.Errorf("change %d: %d", i, code)
		}
	}
	got := en.getCompany(c.CompanyID)
	// Some moves name the hub the company is already at: those change nothing and add no version.
	if got.Version < n/2+1 || got.Version > n+1 { // every rename is a change
		t.Errorf("version %d after %d changes", got.Version, n)
	}
	var feed struct {
		Events []struct {
			Version int64 `json:"version"`
		} `json:"events"`
	}
	en.master("GET", "/api/v1/hub-events?aggregateType=company&limit=100", "").decode(t, &feed)
	if int64(len(feed.Events)) != got.Version {
		t.Errorf("%d company events for version %d", len(feed.Events), got.Version)
	}
	for i, e := range feed.Events {
		if e.Version != int64(i+1) {
			t.Errorf("event %d has version %d: a change was lost or doubled", i, e.Version)
		}
	}
}
