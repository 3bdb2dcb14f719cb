package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

// TestCompanies_Lifecycle: create (201, Location, ETag), get (304 on its ETag), PUT and PATCH
// (If-Match, 412 on another version), delete (204, then 404), restore (200; a live one 409),
// and the problems of bad input: 400 naming each field, 422 for a hub that is not live
// (create, move, restore), 404 for an unknown id.
func TestCompanies_Lifecycle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a, b := en.createHub("서울특별시 센터", nil), en.createHub("부산 센터", nil)
	m := uuid.New()
	res := en.master("POST", "/api/v1/companies", companyBody("  한빛\u3000물류 ", a, &m))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var c companyJSON
	res.decode(t, &c)
	path := "/api/v1/companies/" + c.CompanyID.String()
	if res.Header.Get("Location") != path || res.Header.Get("ETag") != `"1"` || c.CompanyName != "한빛 물류" ||
		c.HubID != a || *c.CompanyManagerID != m || c.Address.Address2 != "" || c.Version != 1 {
		t.Fatalf("created: %+v, headers %v", c, res.Header)
	}
	if r := en.master("GET", path, "", "If-None-Match", `"1"`); r.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.Code)
	}
	expectProblem(t, en.master("PATCH", path, `{"companyName":"x"}`, "If-Match", `"7"`), 412, "VERSION_MISMATCH")
	res = en.master("PATCH", path, `{"address":{"address2":"3층"},"companyManagerId":null}`, "If-Match", `"1"`)
	res.decode(t, &c)
	if res.Code != 200 || c.Address.Address2 != "3층" || c.Address.ZipCode != "04524" || c.CompanyManagerID != nil || c.Version != 2 {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	res = en.master("PUT", path, `{"companyName":"한빛","hubId":"`+b.String()+`","address":{"address1":"부산"}}`)
	res.decode(t, &c)
	if res.Code != 200 || c.HubID != b || c.CompanyName != "한빛" || c.Address.ZipCode != "" || c.Version != 3 {
		t.Fatalf("put: %d %s", res.Code, res.Body)
	}

	gone := en.createHub("지운 허브", nil)
	if r := en.master("DELETE", "/api/v1/hubs/"+gone.String(), ""); r.Code != 204 {
		t.Fatalf("delete hub: %d %s", r.Code, r.Body)
	}
	for _, r := range []response{
		en.master("POST", "/api/v1/companies", companyBody("유령 회사", gone, nil)),
		en.master("POST", "/api/v1/companies", companyBody("없는 회사", uuid.New(), nil)),
		en.master("PATCH", path, `{"hubId":"`+gone.String()+`"}`),
	} {
		if p := expectProblem(t, r, 422, "HUB_NOT_FOUND"); len(p.Errors) != 1 || p.Errors[0].Field != "hubId" {
			t.Errorf("HUB_NOT_FOUND names %+v", p.Errors)
		}
	}
	for body, field := range map[string]string{
		`{"companyName":"","hubId":"` + a.String() + `","address":{"address1":"x"}}`:                          "companyName",
		`{"companyName":"x","address":{"address1":"x"}}`:                                                      "hubId",
		`{"companyName":"x","hubId":"nope","address":{"address1":"x"}}`:                                       "hubId",
		`{"companyName":"x","hubId":"` + a.String() + `"}`:                                                    "address.address1",
		`{"companyName":"x","hubId":"` + a.String() + `","address":{"city":"x"}}`:                             "address.city",
		`{"companyName":"x","hubId":"` + a.String() + `","address":{"address1":"x"},"companyManagerId":"me"}`: "companyManagerId",
		`{"companyName":"x","hubId":"` + a.String() + `","address":{"address1":"x"},"extra":1}`:               "extra",
	} {
		p := expectProblem(t, en.master("POST", "/api/v1/companies", body), 400, "INVALID_BODY")
		if len(p.Errors) == 0 || p.Errors[0].Field != field {
			t.Errorf("%s: %+v, want %s named", body, p.Errors, field)
		}
	}
	for body, field := range map[string]string{`{"companyName":null}`: "companyName", `{"hubId":null}`: "hubId", `{"address":null}`: "address.address1"} {
		if p := expectProblem(t, en.master("PATCH", path, body), 400, "INVALID_BODY"); len(p.Errors) == 0 || p.Errors[0].Field != field {
			t.Errorf("PATCH %s: %+v", body, p.Errors)
		}
	}
	expectProblem(t, en.master("GET", "/api/v1/companies/"+uuid.New().String(), ""), 404, "COMPANY_NOT_FOUND")
	expectProblem(t, en.master("GET", "/api/v1/companies/nope", ""), 400, "INVALID_PARAMETER")

	if r := en.master("DELETE", path, ""); r.Code != 204 {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	expectProblem(t, en.master("DELETE", path, ""), 404, "COMPANY_NOT_FOUND")
	expectProblem(t, en.as(access.HubManager, uuid.New(), "GET", path, ""), 404, "COMPANY_NOT_FOUND")
	expectProblem(t, en.master("PATCH", path, `{"companyName":"죽은 회사"}`), 409, "COMPANY_DELETED")
	res = en.master("POST", path+"/restore", "")
	res.decode(t, &c)
	if res.Code != 200 || c.IsDeleted || c.Version != 5 {
		t.Fatalf("restore: %d %s", res.Code, res.Body)
	}
	expectProblem(t, en.master("POST", path+"/restore", ""), 409, "COMPANY_NOT_DELETED")

	// A company whose hub went (deleted with the company deleted first) cannot come back.
	lone := en.createCompany("외딴 회사", en.createHub("외딴 허브", nil), nil)
	en.master("DELETE", "/api/v1/companies/"+lone.CompanyID.String(), "")
	en.master("DELETE", "/api/v1/hubs/"+lone.HubID.String(), "")
	expectProblem(t, en.master("POST", "/api/v1/companies/"+lone.CompanyID.String()+"/restore", ""), 422, "HUB_NOT_FOUND")
}

// TestCompanies_NameTakenByLookAlikes: a live name is 409 COMPANY_NAME_TAKEN in every spelling
// its key folds (NFD, full width, case, spaces, zero-width), with the holder in companyId.
func TestCompanies_NameTakenByLookAlikes(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a := en.createHub("허브", nil)
	holder := en.createCompany("Café 한빛", a, nil)
	for _, look := range []string{"Cafe\u0301 한빛", "ＣＡＦÉ 한빛", "café    한빛", "Ca\u200bfé 한빛"} {
		res := en.master("POST", "/api/v1/companies", companyBody(look, a, nil))
		expectProblem(t, res, 409, "COMPANY_NAME_TAKEN")
		var p struct {
			CompanyID uuid.UUID `json:"companyId"`
		}
		res.decode(t, &p)
		if p.CompanyID != holder.CompanyID {
			t.Errorf("%q: holder %s, want %s: %s", look, p.CompanyID, holder.CompanyID, res.Body)
		}
	}
	other := en.createCompany("다른 회사", a, nil)
	expectProblem(t, en.master("PATCH", "/api/v1/companies/"+other.CompanyID.String(), `{"companyName":"CAFÉ 한빛"}`), 409, "COMPANY_NAME_TAKEN")
	if got := en.getCompany(other.CompanyID); got.CompanyName != "다른 회사" || got.Version != 1 {
		t.Errorf("a refused rename changed the company: %+v", got)
	}
}

// TestCompanies_SearchThroughHTTP: hubName (the hub's name prefix, joined), companyName,
// companyManagerId=me, hubId, sort companyName, a cursor and its Link, and bad parameters
// named.
func TestCompanies_SearchThroughHTTP(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	me := uuid.New()
	seoul, busan := en.createHub("서울특별시 센터", nil), en.createHub("부산 센터", nil)
	c1 := en.createCompany("나 물류", seoul, &me)
	c2 := en.createCompany("가 물류", seoul, nil)
	c3 := en.createCompany("다 물류", busan, &me)
	type page struct {
		Content []companyJSON `json:"content"`
		Page    struct {
			TotalElements int64  `json:"totalElements"`
			NextCursor    string `json:"nextCursor"`
		} `json:"page"`
	}
	ids := func(p page) []uuid.UUID {
		var out []uuid.UUID
		for _, c := range p.Content {
			out = append(out, c.CompanyID)
		}
		return out
	}
	for q, want := range map[string][]uuid.UUID{
		"hubName=%EC%84%9C%EC%9A%B8&sort=companyName":               {c2.CompanyID, c1.CompanyID},
		"hubName=%EC%84%9C%EC%9A%B8&companyManagerId=me":            {c1.CompanyID},
		"companyManagerId=me&sort=companyName,desc":                 {c3.CompanyID, c1.CompanyID},
		"companyName=%EB%8B%A4":                                     {c3.CompanyID},
		"hubId=" + busan.String():                                   {c3.CompanyID},
		"hubName=%25":                                               nil,
		"companyId=" + c2.CompanyID.String() + "&hubName=%EB%B6%80": nil,
	} {
		var p page
		res := en.as(access.Company, me, "GET", "/api/v1/companies?"+q, "")
		res.decode(t, &p)
		if res.Code != 200 || !slices.Equal(ids(p), want) || p.Page.TotalElements != int64(len(want)) {
			t.Errorf("%s: %d %v, want %v: %s", q, res.Code, ids(p), want, res.Body)
		}
	}
	var first, second page
	res := en.master("GET", "/api/v1/companies?hubName=%EC%84%9C&size=1&sort=companyName", "")
	res.decode(t, &first)
	if first.Page.NextCursor == "" || !strings.Contains(res.Header.Get("Link"), `rel="next"`) {
		t.Fatalf("no cursor or Link: %s %v", res.Body, res.Header)
	}
	en.master("GET", "/api/v1/companies?hubName=%EC%84%9C&size=1&sort=companyName&cursor="+first.Page.NextCursor, "").decode(t, &second)
	if !slices.Equal(append(ids(first), ids(second)...), []uuid.UUID{c2.CompanyID, c1.CompanyID}) {
		t.Errorf("cursor walk: %v then %v", ids(first), ids(second))
	}
	expectProblem(t, en.master("GET", "/api/v1/companies?hubName=%EB%B6%80&size=1&sort=companyName&cursor="+first.Page.NextCursor, ""), 400, "INVALID_PARAMETER")
	for q, param := range map[string]string{
		"companyManagerId=you": "companyManagerId", "hubId=x": "hubId", "companyId=x": "companyId",
		"hubName=%E2%80%8B": "hubName", "companyName=%E2%80%8B": "companyName", "sort=hubName": "sort",
	} {
		if p := expectProblem(t, en.master("GET", "/api/v1/companies?"+q, ""), 400, "INVALID_PARAMETER"); len(p.Errors) == 0 || p.Errors[0].Field != param {
			t.Errorf("%s: %+v, want %s named", q, p.Errors, param)
		}
	}
}

// TestCompanies_EventsInTheFeed: each change of a company is one event of aggregateType
// company, aggregateId its companyId, its company the JSON GET returns; aggregateType=company
// filters the feed to them.
func TestCompanies_EventsInTheFeed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a := en.createHub("이벤트 허브", nil)
	c := en.createCompany("이벤트 회사", a, nil)
	path := "/api/v1/companies/" + c.CompanyID.String()
	en.master("PATCH", path, `{"companyName":"이벤트 회사 2"}`)
	en.master("DELETE", path, "")
	en.master("POST", path+"/restore", "")
	get := en.master("GET", path, "")
	var feed struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	en.master("GET", "/api/v1/hub-events?aggregateType=company", "").decode(t, &feed)
	var types []string
	for _, e := range feed.Events {
		var typ string
		_ = json.Unmarshal(e["type"], &typ)
		types = append(types, typ)
		if string(e["aggregateType"]) != `"company"` || string(e["aggregateId"]) != `"`+c.CompanyID.String()+`"` || e["company"] == nil || e["hub"] != nil {
			t.Errorf("event %s: aggregateType %s aggregateId %s", typ, e["aggregateType"], e["aggregateId"])
		}
	}
	if want := []string{"company.created", "company.updated", "company.deleted", "company.restored"}; !slices.Equal(types, want) {
		t.Fatalf("company events %v, want %v", types, want)
	}
	if last := feed.Events[3]["company"]; !bytes.Equal(last, bytes.TrimSpace(get.Body)) {
		t.Errorf("the event's company\n %s\nis not GET's\n %s", last, get.Body)
	}
	var everything struct {
		Events []json.RawMessage `json:"events"`
	}
	en.master("GET", "/api/v1/hub-events", "").decode(t, &everything)
	if len(everything.Events) != 5 { // the hub's creation too
		t.Errorf("%d events in the whole feed, want 5", len(everything.Events))
	}
}
