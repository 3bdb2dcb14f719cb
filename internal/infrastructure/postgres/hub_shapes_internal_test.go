package postgres

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
// later ones with other values; and every such shape is cached (hubArgs agrees with goqu).
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
		keys, _, _ := hubSortPlan(s)
		out := make([]string, len(keys))
		for i, k := range keys {
			switch k.name {
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
						keys, desc, err := hubSortPlan(p.Sort)
						if err != nil {
							t.Fatal(err)
						}
						wantContent, wantCount, err := renderHubStatements(cond, p, keys, desc)
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
						if a, c := hubArgs(cond, p, desc); !reflect.DeepEqual(a, wantContent.Args) || !reflect.DeepEqual(c, wantCount.Args) {
							t.Fatalf("%+v %+v: hubArgs %#v %#v, goqu %#v %#v: the shape is never cached", cond, p, a, c, wantContent.Args, wantCount.Args)
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
