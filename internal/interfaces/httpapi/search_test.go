package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

type pageBody struct {
	Content []struct {
		HubID   uuid.UUID `json:"hubId"`
		HubName string    `json:"hubName"`
	} `json:"content"`
	Page struct {
		Size          int `json:"size"`
		Number        int `json:"number"`
		TotalElements int `json:"totalElements"`
		TotalPages    int `json:"totalPages"`
	} `json:"page"`
}

func (p pageBody) names() []string {
	out := []string{}
	for _, c := range p.Content {
		out = append(out, c.HubName)
	}
	return out
}

// TestSearch_PagesAndLinks checks the page JSON and the Link header on the first, a middle, the
// last and a past-the-end page, with the request's own filters and sort carried along.
func TestSearch_PagesAndLinks(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHubsApart("경기 %d", 7, "서울")
	base := "/api/v1/hubs?hubName=" + url.QueryEscape("경기") + "&size=3&sort=hubName,desc"
	link := func(page int) string {
		return fmt.Sprintf("</api/v1/hubs?hubName=%s&page=%d&size=3&sort=hubName%%2Cdesc>", url.QueryEscape("경기"), page)
	}
	cases := []struct {
		page  int
		names []string
		links string
	}{
		{0, []string{"경기 6", "경기 5", "경기 4"}, link(0) + `; rel="first", ` + link(1) + `; rel="next", ` + link(2) + `; rel="last"`},
		{1, []string{"경기 3", "경기 2", "경기 1"}, link(0) + `; rel="first", ` + link(0) + `; rel="prev", ` + link(2) + `; rel="next", ` + link(2) + `; rel="last"`},
		{2, []string{"경기 0"}, link(0) + `; rel="first", ` + link(1) + `; rel="prev", ` + link(2) + `; rel="last"`},
		{9, []string{}, link(0) + `; rel="first", ` + link(2) + `; rel="prev", ` + link(2) + `; rel="last"`},
	}
	for _, c := range cases {
		res := en.master("GET", fmt.Sprintf("%s&page=%d", base, c.page), "")
		if res.Code != http.StatusOK {
			t.Fatalf("page %d: %d %s", c.page, res.Code, res.Body)
		}
		var p pageBody
		res.decode(t, &p)
		if !slices.Equal(p.names(), c.names) || p.Page.Size != 3 || p.Page.Number != c.page || p.Page.TotalElements != 7 || p.Page.TotalPages != 3 {
			t.Errorf("page %d: %s", c.page, res.Body)
		}
		if got := res.Header.Get("Link"); got != c.links {
			t.Errorf("page %d Link:\n got %s\nwant %s", c.page, got, c.links)
		}
	}
	res := en.master("GET", "/api/v1/hubs?hubName=nothing", "")
	if want := `{"content":[],"page":{"size":20,"number":0,"totalElements":0,"totalPages":0,"hasNext":false}}` + "\n"; string(res.Body) != want {
		t.Errorf("empty result: %s", res.Body)
	}
	if !strings.Contains(res.Header.Get("Link"), `page=0>; rel="last"`) {
		t.Errorf("empty result Link: %s", res.Header.Get("Link"))
	}
}

func TestSearch_FiltersAndSortThroughHTTP(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	m := uuid.New()
	a := en.createHub("경기 북부 센터", &m)
	en.createHub("경기 남부 센터", nil)
	en.createHub("서울특별시 센터", &m)
	check := func(query string, want ...string) {
		t.Helper()
		var p pageBody
		en.master("GET", "/api/v1/hubs?"+query, "").decode(t, &p)
		if !slices.Equal(p.names(), want) {
			t.Errorf("%s: got %v, want %v", query, p.names(), want)
		}
	}
	check("hubName="+url.QueryEscape("경기")+"&sort=hubName", "경기 남부 센터", "경기 북부 센터")
	check("hubManagerId="+m.String()+"&sort=hubName,desc", "서울특별시 센터", "경기 북부 센터")
	check("hubId="+a.String(), "경기 북부 센터")
	check("hubName=%25", []string{}...)
	check("isDeleted=true", []string{}...)
}

// TestSearch_BadParametersAreNamed: each bad value is a 400 naming its parameter.
func TestSearch_BadParametersAreNamed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	cases := map[string]string{
		"hubId=nope":                          "hubId",
		"hubId=" + uuid.NewString() + "x":     "hubId",
		"hubManagerId=12":                     "hubManagerId",
		"isDeleted=yes":                       "isDeleted",
		"isDeleted=TRUE":                      "isDeleted",
		"page=-1":                             "page",
		"page=abc":                            "page",
		"page=99999999999999999999":           "page",
		"page=1.5":                            "page",
		"size=0":                              "size",
		"size=101":                            "size",
		"size=x":                              "size",
		"sort=name":                           "sort",
		"sort=hubName,up":                     "sort",
		"sort=hubName,asc,desc":               "sort",
		"sort=hubName&sort=hubName,desc":      "sort",
		"sort=":                               "sort",
		"hubName=%FF":                         "hubName",
		"hubName=a%00b":                       "hubName",
		"hubName=" + strings.Repeat("a", 101): "hubName",
		"page=1&page=2":                       "page",
		"hubId=%zz":                           "query",
	}
	for query, param := range cases {
		p := expectProblem(t, en.master("GET", "/api/v1/hubs?"+query, ""), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != param || !strings.Contains(p.Detail, param) {
			t.Errorf("%s: %+v does not name %s", query, p, param)
		}
	}
}

// TestRoutes_MatchTheDocument: every Echo route is an operation of the OpenAPI document and
// every operation is routed, so the document cannot drift from the server.
func TestRoutes_MatchTheDocument(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	var routes []string
	for _, r := range en.e.Routes() {
		if r.Method == "echo_route_not_found" {
			continue
		}
		path := r.Path
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "{"+seg[1:]+"}", 1)
			}
		}
		routes = append(routes, r.Method+" "+path)
	}
	slices.Sort(routes)
	if ops := validator.Operations(); !slices.Equal(routes, ops) {
		t.Errorf("routes and document differ:\nroutes   %v\ndocument %v", routes, ops)
	}
}
