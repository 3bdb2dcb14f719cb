package postgres_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

func TestHubRepository_SearchFiltersAndCombinations(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	m1, m2 := uuid.New(), uuid.New()
	withManager := func(name string, m uuid.UUID) hub.Details {
		d := details(name)
		d.ManagerID = &m
		return d
	}
	seoul := mustCreate(t, repo, withManager("서울 센터", m1), base)
	mustCreate(t, repo, withManager("서울 동부", m2), base.Add(1*time.Second))
	mustCreate(t, repo, withManager("부산 센터", m1), base.Add(2*time.Second))
	mustCreate(t, repo, details("서울 서부"), base.Add(3*time.Second))
	oldSeoul := mustCreate(t, repo, withManager("서울 옛 센터", m1), base.Add(4*time.Second))
	mustDelete(t, repo, oldSeoul.ID())

	cases := []struct {
		name string
		cond hub.SearchCondition
		want []string // in the default order, newest first
	}{
		{"none", hub.SearchCondition{}, []string{"서울 서부", "부산 센터", "서울 동부", "서울 센터"}},
		{"id", hub.SearchCondition{HubID: ptr(seoul.ID())}, []string{"서울 센터"}},
		{"unknown id", hub.SearchCondition{HubID: ptr(uuid.New())}, []string{}},
		{"prefix", hub.SearchCondition{NamePrefix: "서울"}, []string{"서울 서부", "서울 동부", "서울 센터"}},
		{"manager", hub.SearchCondition{ManagerID: &m1}, []string{"부산 센터", "서울 센터"}},
		{"prefix+manager", hub.SearchCondition{NamePrefix: "서울", ManagerID: &m1}, []string{"서울 센터"}},
		{"id+prefix mismatch", hub.SearchCondition{HubID: ptr(seoul.ID()), NamePrefix: "부산"}, []string{}},
		{"id+manager+prefix", hub.SearchCondition{HubID: ptr(seoul.ID()), ManagerID: &m1, NamePrefix: "서울 센"}, []string{"서울 센터"}},
		{"deleted", hub.SearchCondition{Deleted: true}, []string{"서울 옛 센터"}},
		{"deleted+manager", hub.SearchCondition{Deleted: true, ManagerID: &m1}, []string{"서울 옛 센터"}},
		{"deleted+manager mismatch", hub.SearchCondition{Deleted: true, ManagerID: &m2}, []string{}},
		{"deleted+prefix", hub.SearchCondition{Deleted: true, NamePrefix: "서울 옛"}, []string{"서울 옛 센터"}},
	}
	for _, c := range cases {
		page := mustSearch(t, repo, c.cond, 0, 20)
		if got := names(page.Content); !reflect.DeepEqual(got, c.want) || page.TotalElements != int64(len(c.want)) {
			t.Errorf("%s: got %v (total %d), want %v", c.name, got, page.TotalElements, c.want)
		}
	}
}

func TestHubRepository_PrefixIsLiteralAndIgnoresCase(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	all := []string{"100% 센터", "1000 센터", "a_b", "axb", `a\b`, `a\\b`, "Alpha", "ALPS", "서울특별시 센터", "서울 센터"}
	for i, n := range all {
		mustCreate(t, repo, details(n), base.Add(time.Duration(i)*time.Second))
	}
	cases := map[string][]string{
		"100%":  {"100% 센터"},
		"a_":    {"a_b"},
		"a%":    {},
		`a\`:    {`a\\b`, `a\b`},
		`a\\`:   {`a\\b`},
		"alp":   {"ALPS", "Alpha"},
		"ALPHA": {"Alpha"},
		"서울":    {"서울 센터", "서울특별시 센터"},
		"서울특":   {"서울특별시 센터"},
		"_":     {},
		"%":     {},
	}
	for prefix, want := range cases {
		page := mustSearch(t, repo, hub.SearchCondition{NamePrefix: prefix}, 0, 20)
		got := names(page.Content)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("prefix %q: got %q, want %q", prefix, got, want)
		}
	}
}

func TestHubRepository_SortByEachFieldBothWays(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	// Creation order, name order and update order all differ, and two hubs share a creation time.
	specs := []struct {
		name    string
		created int
	}{{"delta", 0}, {"Alpha", 2}, {"charlie", 1}, {"Bravo", 1}, {"가나다", 3}}
	var hubs []*hub.Hub
	for _, s := range specs {
		hubs = append(hubs, mustCreate(t, repo, details(s.name), base.Add(time.Duration(s.created)*time.Minute)))
	}
	for i, h := range hubs { // touch them in reverse, so updatedAt runs against creation
		var err error
		hubs[i], err = repo.Update(ctx, h.ID(), func(h *hub.Hub) error {
			d := h.Details()
			d.Address.Address2 = "touched"
			return h.Change(d, master, base.Add(time.Hour-time.Duration(i)*time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	byID := func(a, b *hub.Hub) int { return strings.Compare(a.ID().String(), b.ID().String()) }
	keys := map[string]func(a, b *hub.Hub) int{
		hub.SortByName:      func(a, b *hub.Hub) int { return strings.Compare(strings.ToLower(a.Name()), strings.ToLower(b.Name())) },
		hub.SortByCreatedAt: func(a, b *hub.Hub) int { return a.CreatedAt().Compare(b.CreatedAt()) },
		hub.SortByUpdatedAt: func(a, b *hub.Hub) int { return a.UpdatedAt().Compare(b.UpdatedAt()) },
	}
	for prop, cmp := range keys {
		for _, dir := range []paging.Direction{paging.Asc, paging.Desc} {
			want := slices.Clone(hubs)
			slices.SortFunc(want, func(a, b *hub.Hub) int {
				c := cmp(a, b)
				if c == 0 {
					c = byID(a, b)
				}
				if dir == paging.Desc {
					return -c
				}
				return c
			})
			got := mustSearch(t, repo, hub.SearchCondition{}, 0, 20, paging.Order{Property: prop, Direction: dir})
			if !reflect.DeepEqual(names(got.Content), names(want)) {
				t.Errorf("%s %s: got %v, want %v", prop, dir, names(got.Content), names(want))
			}
		}
	}
	if got := names(mustSearch(t, repo, hub.SearchCondition{}, 0, 2, paging.Order{Property: hub.SortByName}).Content); !reflect.DeepEqual(got, []string{"Alpha", "Bravo"}) {
		t.Errorf("name order ignores case: %v", got)
	}
	p, _ := paging.NewPageable(0, 5, paging.Sort{{Property: "hub_name; DROP TABLE hubs"}})
	if _, err := repo.Search(ctx, hub.SearchCondition{}, p); !errors.Is(err, paging.ErrInvalidPageable) {
		t.Errorf("unknown sort property: %v", err)
	}
}

func TestHubRepository_PagePastTheEnd(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	for i := range 7 {
		mustCreate(t, repo, details("hub "+string(rune('a'+i))), base.Add(time.Duration(i)*time.Second))
	}
	page := mustSearch(t, repo, hub.SearchCondition{}, 5, 3)
	if len(page.Content) != 0 || page.TotalElements != 7 || page.TotalPages() != 3 || page.Number != 5 {
		t.Errorf("past the end: %+v pages %d", page, page.TotalPages())
	}
	last := mustSearch(t, repo, hub.SearchCondition{}, 2, 3)
	if got := names(last.Content); !reflect.DeepEqual(got, []string{"hub a"}) || last.TotalElements != 7 {
		t.Errorf("last page: %v total %d", got, last.TotalElements)
	}
}

// TestHubRepository_CountQueryOnlyWhenNeeded counts the COUNT statements that reached the
// server, recorded at the driver, for each case of the rule (paging.Of).
func TestHubRepository_CountQueryOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	repo := hubRepo(t, postgres.NewStore(db))
	for i := range 10 {
		mustCreate(t, repo, details("hub "+string(rune('a'+i))), base.Add(time.Duration(i)*time.Second))
	}
	for _, c := range countCases {
		log.Reset()
		checkCounted(t, log, "", c, mustSearch(t, repo, hub.SearchCondition{}, c.page, c.size))
	}
	log.Reset()
	page := mustSearch(t, repo, hub.SearchCondition{NamePrefix: "nothing"}, 0, 4)
	if log.Count("SELECT COUNT(") != 0 || page.TotalElements != 0 {
		t.Errorf("empty first page was counted: %q", log.Statements())
	}
}

func ptr[T any](v T) *T { return &v }

func TestHubRepository_SearchRefusesUndecodablePrefix(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	p, _ := paging.NewPageable(0, 20, nil)
	if _, err := repo.Search(ctx, hub.SearchCondition{NamePrefix: "\xeb%"}, p); !errors.Is(err, hub.ErrInvalid) {
		t.Errorf("invalid UTF-8 prefix: %v", err)
	}
}

func TestHubRepository_SearchRefusesUncheckedPageable(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	for _, p := range []paging.Pageable{{}, {Page: -1, Size: 5}, {Size: 101}} {
		if _, err := repo.Search(ctx, hub.SearchCondition{}, p); !errors.Is(err, paging.ErrInvalidPageable) {
			t.Errorf("%+v: %v", p, err)
		}
	}
}

// TestHubRepository_SearchComparesNameKeys: prefix search, q and the name sort compare the same
// key as uniqueness, so an NFD, full-width, differently spaced or zero-width-laced search text
// finds the NFC hub, and full-width names sort among the others. With lower() on both sides,
// none of these matched and full-width names sorted after every ASCII one.
func TestHubRepository_SearchComparesNameKeys(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	for i, n := range []string{"서울특별시 센터", "Seoul Hub", "ａｌｐｈａ센터", "Alpha2", "beta", "Ｂｅｔａ2"} {
		mustCreate(t, repo, details(n), base.Add(time.Duration(i)*time.Second))
	}
	find := func(cond hub.SearchCondition) []string {
		got := names(mustSearch(t, repo, cond, 0, 20).Content)
		slices.Sort(got)
		return got
	}
	for prefix, want := range map[string][]string{
		norm.NFD.String("서울특"): {"서울특별시 센터"},
		"서울특별시  센":             {"서울특별시 센터"},
		"서울특별시\u3000센":         {"서울특별시 센터"},
		"서울\u200b특":            {"서울특별시 센터"},
		"\ufeff서울":             {"서울특별시 센터"},
		"ＳＥＯ":                  {"Seoul Hub"},
		"seoul\u00a0h":         {"Seoul Hub"},
		"ALPHA":                {"Alpha2", "ａｌｐｈａ센터"},
		"ａｌｐｈａ센":               {"ａｌｐｈａ센터"},
		"서울특별시 ":               {"서울특별시 센터"},
		"서울특별시센":               {},
	} {
		if got := find(hub.SearchCondition{NamePrefix: prefix}); !slices.Equal(got, want) {
			t.Errorf("prefix %+q: got %q, want %q", prefix, got, want)
		}
	}
	for q, want := range map[string][]string{
		"ＨＵＢ":                 {"Seoul Hub"},
		norm.NFD.String("별시"): {"서울특별시 센터"},
		"특별시\u3000\u3000센터":   {"서울특별시 센터"},
		"PHA센":                {"ａｌｐｈａ센터"},
		"ＴＡ":                  {"beta", "Ｂｅｔａ2"},
	} {
		if got := find(hub.SearchCondition{NameContains: q}); !slices.Equal(got, want) {
			t.Errorf("q %+q: got %q, want %q", q, got, want)
		}
	}
	want := []string{"Alpha2", "ａｌｐｈａ센터", "beta", "Ｂｅｔａ2", "Seoul Hub", "서울특별시 센터"}
	if got := names(mustSearch(t, repo, hub.SearchCondition{}, 0, 20, paging.Order{Property: hub.SortByName}).Content); !slices.Equal(got, want) {
		t.Errorf("by name: %q, want %q", got, want)
	}
}
