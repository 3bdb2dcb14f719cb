package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

type pageMeta struct {
	Size            int     `json:"size"`
	Number          *int    `json:"number"`
	TotalElements   *int64  `json:"totalElements"`
	TotalPages      *int    `json:"totalPages"`
	TotalIsEstimate *bool   `json:"totalIsEstimate"`
	HasNext         bool    `json:"hasNext"`
	NextCursor      *string `json:"nextCursor"`
}

type modePage struct {
	Content []struct {
		HubName string `json:"hubName"`
	} `json:"content"`
	Page pageMeta `json:"page"`
}

func (en *env) searchPage(query string) (modePage, response) {
	en.t.Helper()
	res := en.master("GET", "/api/v1/hubs?"+query, "")
	if res.Code != 200 {
		en.t.Fatalf("%s: %d %s", query, res.Code, res.Body)
	}
	var p modePage
	if err := json.Unmarshal(res.Body, &p); err != nil {
		en.t.Fatal(err)
	}
	return p, res
}

func TestSearch_CountModes(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := en.db.Exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
		SELECT gen_random_uuid(), 'bulk ' || i, 'bulk ' || i, 'addr', 1, now(), $1, now(), $1 FROM generate_series(1, 10500) AS i`, masterID); err != nil {
		t.Fatal(err)
	}
	if _, err := en.db.Exec("ANALYZE hubs"); err != nil {
		t.Fatal(err)
	}
	p, res := en.searchPage("size=5")
	if p.Page.TotalElements == nil || *p.Page.TotalElements != 10500 || p.Page.TotalIsEstimate != nil || !p.Page.HasNext || p.Page.NextCursor == nil {
		t.Errorf("exact: %+v", p.Page)
	}
	p, res = en.searchPage("size=5&count=estimated")
	if p.Page.TotalElements == nil || p.Page.TotalIsEstimate == nil || !*p.Page.TotalIsEstimate || *p.Page.TotalElements < 10001 {
		t.Errorf("estimated, many: %s", res.Body)
	}
	p, res = en.searchPage("size=5&count=estimated&hubName=" + url.QueryEscape("bulk 10"))
	if p.Page.TotalElements == nil || *p.Page.TotalElements != 1+10+100+501 || p.Page.TotalIsEstimate != nil {
		t.Errorf("estimated, few: %s", res.Body)
	}
	p, res = en.searchPage("size=5&count=none&page=2")
	if p.Page.TotalElements != nil || p.Page.TotalPages != nil || !p.Page.HasNext || p.Page.Number == nil || *p.Page.Number != 2 {
		t.Errorf("none: %s", res.Body)
	}
	if link := res.Header.Get("Link"); strings.Contains(link, `rel="last"`) || !strings.Contains(link, `count=none&page=3&size=5>; rel="next"`) {
		t.Errorf("none Link: %s", link)
	}
	expectProblem(t, en.master("GET", "/api/v1/hubs?count=all", ""), 400, "INVALID_PARAMETER")
}

// TestSearch_CursorPaging walks a search by nextCursor, checks it equals offset paging, and that
// a cursor only works for the search it was made for.
func TestSearch_CursorPaging(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHubsApart("커서 %02d", 11, "other")
	filter := "hubName=" + url.QueryEscape("커서") + "&sort=hubName,desc&size=4"
	unsized := "hubName=" + url.QueryEscape("커서") + "&sort=hubName,desc"
	var byCursor []string
	p, res := en.searchPage(filter)
	for pages := 0; ; pages++ {
		for _, c := range p.Content {
			byCursor = append(byCursor, c.HubName)
		}
		if !p.Page.HasNext || pages > 5 {
			break
		}
		next := *p.Page.NextCursor
		if pages > 0 {
			want := "cursor=" + url.QueryEscape(next) + "&hubName="
			if link := res.Header.Get("Link"); !strings.Contains(link, want) || !strings.Contains(link, `rel="next"`) {
				t.Errorf("cursor page %d: next link does not carry the cursor: %s", pages, link)
			}
		}
		p, res = en.searchPage(filter + "&count=none&cursor=" + url.QueryEscape(next))
		if p.Page.Number != nil {
			t.Errorf("a cursor page has a number: %s", res.Body)
		}
	}
	var want []string
	for i := 10; i >= 0; i-- {
		want = append(want, fmt.Sprintf("커서 %02d", i))
	}
	if !slices.Equal(byCursor, want) {
		t.Errorf("cursor walk %v, want %v", byCursor, want)
	}

	first, _ := en.searchPage(filter)
	cursor := url.QueryEscape(*first.Page.NextCursor)
	if p, _ := en.searchPage(unsized + "&size=2&cursor=" + cursor); len(p.Content) != 2 || p.Content[0].HubName != "커서 06" {
		t.Errorf("a cursor survives a change of size: %+v", p.Content)
	}
	tampered := []byte(*first.Page.NextCursor)
	tampered[3] ^= 1
	for name, query := range map[string]string{
		"other filter":    "hubName=x&sort=hubName,desc&cursor=" + cursor,
		"other sort":      "hubName=" + url.QueryEscape("커서") + "&sort=hubName&cursor=" + cursor,
		"tampered":        filter + "&cursor=" + url.QueryEscape(string(tampered)),
		"garbage":         filter + "&cursor=abc",
		"forged":          filter + "&cursor=" + url.QueryEscape(forgeCursor()),
		"with page":       filter + "&page=1&cursor=" + cursor,
		"with page zero":  filter + "&page=0&cursor=" + cursor,
		"twice":           filter + "&cursor=" + cursor + "&cursor=" + cursor,
		"other isDeleted": filter + "&isDeleted=true&cursor=" + cursor,
	} {
		p := expectProblem(t, en.master("GET", "/api/v1/hubs?"+query, ""), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != "cursor" {
			t.Errorf("%s: %+v does not name cursor", name, p)
		}
	}
}

// forgeCursor builds a well-formed payload with a made-up signature.
func forgeCursor() string {
	return "eyJrIjpbInoiLCIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiXSwiZiI6IngifQ.AAAAAAAAAAAAAAAAAAAAAA"
}

func TestSearch_Contains(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHub("서울 동부 센터", nil)
	en.createHub("부산 동부 허브", nil)
	en.createHub("East Seoul", nil)
	p, _ := en.searchPage("q=" + url.QueryEscape("동부") + "&sort=hubName")
	var got []string
	for _, c := range p.Content {
		got = append(got, c.HubName)
	}
	if !slices.Equal(got, []string{"부산 동부 허브", "서울 동부 센터"}) {
		t.Errorf("q=동부: %v", got)
	}
	if p, _ := en.searchPage("q=SEOUL"); len(p.Content) != 1 {
		t.Errorf("q ignores case: %+v", p)
	}
	expectProblem(t, en.master("GET", "/api/v1/hubs?q=%FF", ""), 400, "INVALID_PARAMETER")
	_ = uuid.Nil
}
