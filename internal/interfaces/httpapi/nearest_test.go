package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// TestNearestHubs_OverHTTP: GET /hubs/nearest answers the live hubs with a location nearest
// first, each in the JSON of GET /hubs/{id} with its distance; a hub without a location or a
// deleted one is left out; bad or missing coordinates and limits are 400 INVALID_PARAMETER
// naming the parameter; CUSTOMER is refused. Every answer is validated against the OpenAPI
// document by the test environment.
func TestNearestHubs_OverHTTP(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	create := func(name string, lat, lng float64) uuid.UUID {
		body := `{"hubName":"` + name + `","address":{"address1":"주소"},"location":{"latitude":` +
			strconvF(lat) + `,"longitude":` + strconvF(lng) + `}}`
		r := en.master("POST", "/api/v1/hubs", body)
		if r.Code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", name, r.Code, r.Body)
		}
		var h struct{ HubID uuid.UUID }
		r.decode(t, &h)
		return h.HubID
	}
	seoul := create("서울 센터", 37.5665, 126.9780)
	busan := create("부산 센터", 35.1796, 129.0756)
	daejeon := create("대전 센터", 36.3504, 127.3845)
	gone := create("지운 센터", 37.5666, 126.9781)
	if r := en.master("DELETE", "/api/v1/hubs/"+gone.String(), ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	en.createHub("위치 없는 센터", nil)

	r := en.as(access.Server, uuid.New(), "GET", "/api/v1/hubs/nearest?latitude=37.5&longitude=127&limit=20", "")
	if r.Code != http.StatusOK {
		t.Fatalf("nearest: %d %s", r.Code, r.Body)
	}
	var got struct {
		Content []struct {
			DistanceKm float64 `json:"distanceKm"`
			Hub        struct {
				HubID uuid.UUID `json:"hubId"`
			} `json:"hub"`
		} `json:"content"`
	}
	r.decode(t, &got)
	var ids []uuid.UUID
	for i, c := range got.Content {
		ids = append(ids, c.Hub.HubID)
		if i > 0 && c.DistanceKm < got.Content[i-1].DistanceKm {
			t.Errorf("not nearest first: %+v", got.Content)
		}
	}
	if len(ids) != 3 || ids[0] != seoul || ids[1] != daejeon || ids[2] != busan {
		t.Errorf("nearest to 37.5, 127: %v, want 서울 %s, 대전 %s, 부산 %s", ids, seoul, daejeon, busan)
	}
	if d := got.Content[0].DistanceKm; d < 7.5 || d > 7.8 { // 서울 센터 is ~7.6 km from (37.5, 127)
		t.Errorf("distance to 서울 센터 %.3f km", d)
	}
	if r := en.master("GET", "/api/v1/hubs/nearest?latitude=35.18&longitude=129.08", ""); r.Code != http.StatusOK || !strings.Contains(string(r.Body), busan.String()) {
		t.Errorf("default limit: %d %s", r.Code, r.Body)
	}
	for _, c := range []struct{ query, param string }{
		{"longitude=127", "latitude"},
		{"latitude=91&longitude=127", "latitude"},
		{"latitude=37&longitude=-180.5", "longitude"},
		{"latitude=north&longitude=127", "latitude"},
		{"latitude=NaN&longitude=127", "latitude"},
		{"latitude=37&longitude=127&limit=0", "limit"},
		{"latitude=37&longitude=127&limit=21", "limit"},
		{"latitude=37&longitude=127&limit=five", "limit"},
		{"latitude=37&longitude=127&lat=1", "lat"},
	} {
		p := expectProblem(t, en.master("GET", "/api/v1/hubs/nearest?"+c.query, ""), http.StatusBadRequest, httpapi.CodeInvalidParameter)
		if len(p.Errors) == 0 || p.Errors[0].Field != c.param {
			t.Errorf("%s: %+v, want the field %s named", c.query, p, c.param)
		}
	}
	expectProblem(t, en.as(access.Customer, uuid.New(), "GET", "/api/v1/hubs/nearest?latitude=37&longitude=127", ""), http.StatusForbidden, "FORBIDDEN")
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
