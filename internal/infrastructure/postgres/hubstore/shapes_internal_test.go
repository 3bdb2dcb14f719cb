package hubstore

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// TestShapeCacheRendersWhatGoquRenders: for every kind of search (each filter, each sort with
// both directions and mixed ones, cursor or offset, each count mode), the statements from the
// shape cache are exactly goqu's, text and arguments, on the first request of a shape and on
// later ones with other values; and every such shape is cached (the arguments the shared search computes agree with goqu).
func TestShapeCacheRendersWhatGoquRenders(t *testing.T) {
	ids := []uuid.UUID{uuid.MustParse("00000000-0000-4000-8000-000000000001"), uuid.MustParse("00000000-0000-4000-8000-000000000002")}
	conds := func(n int) []hub.SearchCondition {
		id := ids[n]
		prefix, q := []string{"서울", `50%_off\`}[n], []string{"센터", "Ｈｕｂ"}[n]
		return []hub.SearchCondition{
			{}, {Deleted: true}, {HubID: &id}, {NamePrefix: prefix}, {NameContains: q}, {ManagerID: &id},
			{HubID: &id, NamePrefix: prefix, NameContains: q, ManagerID: &id, Deleted: n == 1},
		}
	}
	sorts := []paging.Sort{
		nil,
		{{Property: hub.SortByName}},
		{{Property: hub.SortByName, Direction: paging.Desc}},
		{{Property: hub.SortByUpdatedAt}, {Property: hub.SortByName, Direction: paging.Desc}},
		{{Property: hub.SortByCreatedAt, Direction: paging.Desc}, {Property: hub.SortByUpdatedAt}, {Property: hub.SortByName}},
	}
	cursorKeys := func(s paging.Sort, n int) []string {
		if len(s) == 0 {
			s = hub.DefaultSort
		}
		cols := make([]string, 0, len(s)+1)
		for _, o := range s {
			cols = append(cols, hubSearch.Keys[o.Property].Column)
		}
		out := make([]string, len(cols)+1)
		for i, col := range append(cols, hubSearch.Tie.Column) {
			switch col {
			case "name_key":
				out[i] = []string{"서울 센터", "it's"}[n]
			case "hub_id":
				out[i] = ids[n].String()
			default:
				out[i] = []string{"2026-11-21T05:00:00Z", "2026-11-21T05:00:00.123456Z"}[n]
			}
		}
		return out
	}
	checked := 0
	for n := range 2 { // n 0 fills the cache, n 1 reads it with other values
		for _, cond := range conds(n) {
			for _, s := range sorts {
				for _, mode := range []paging.CountMode{paging.CountExact, paging.CountEstimated, paging.CountNone} {
					for _, p := range []paging.Pageable{
						{Size: 20 + n, Sort: s, Count: mode},
						{Page: 3 + n, Size: 7, Sort: s, Count: mode},
						{Size: 5, Sort: s, Count: mode, After: &paging.Cursor{Keys: cursorKeys(s, n)}},
					} {
						wantContent, wantCount, cacheable, err := hubSearch.Render(hubWhere(cond), p)
						if err != nil {
							t.Fatal(err)
						}
						gotContent, gotCount, err := SearchStatements(cond, p)
						if err != nil {
							t.Fatal(err)
						}
						if !reflect.DeepEqual(gotContent, wantContent) || !reflect.DeepEqual(gotCount, wantCount) {
							t.Fatalf("%+v %+v:\n got %#v\n     %#v\nwant %#v\n     %#v", cond, p, gotContent, gotCount, wantContent, wantCount)
						}
						if !cacheable {
							t.Fatalf("%+v %+v: the computed arguments are not goqu's %#v %#v: the shape is never cached", cond, p, wantContent.Args, wantCount.Args)
						}
						checked++
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}
