package postgres_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/hubd/hubd/internal/domain/hub"
	namekey "github.com/hubd/hubd/internal/domain/names"
	"github.com/hubd/hubd/internal/domain/paging"
)

// TestHubRepository_DifferentialAgainstReference loads random hubs (Korean, mixed case, LIKE
// wildcards, look-alike spellings: NFD, full-width, other spaces, zero-width characters; shared
// managers and timestamps, some deleted) and checks random searches against a plain-Go filter,
// sort and slice of the same data, comparing names by names.Key as uniqueness does: same
// content, same order, same totals.
func TestHubRepository_DifferentialAgainstReference(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	rng := rand.New(rand.NewPCG(20261121, 2))
	const hubCount, searches = 600, 400

	managers := make([]uuid.UUID, 6)
	for i := range managers {
		managers[i] = uuid.New()
	}
	var all []*hub.Hub
	for len(all) < hubCount {
		d := details(randomName(rng))
		if m := rng.IntN(len(managers) + 1); m < len(managers) {
			d.ManagerID = &managers[m]
		}
		h, err := hub.New(d, master, base.Add(time.Duration(rng.IntN(40))*time.Minute)) // shared times test the tie-breaker
		if err != nil {
			t.Fatal(err)
		}
		if err := repo.Create(ctx, h); errors.Is(err, hub.ErrNameTaken) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(5) == 0 {
			h = mustDelete(t, repo, h.ID())
		}
		all = append(all, h)
	}

	refused := 0
	for i := range searches {
		cond := randomCondition(rng, all, managers)
		p := randomPageable(rng)
		p.Count = paging.CountMode(rng.IntN(3))
		got, err := repo.Search(ctx, cond, p)
		if cond.NamePrefix != "" && namekey.Fragment(cond.NamePrefix) == "" {
			// Only ignorables (a zero-width space, a BOM): no filter could mean what the
			// client meant, so the search is refused rather than returning every hub.
			var ve *hub.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "hubName" {
				t.Fatalf("search %d prefix %+q: %v, want a validation error naming hubName", i, cond.NamePrefix, err)
			}
			refused++
			continue
		}
		if err != nil {
			t.Fatalf("search %d %+v %+v: %v", i, cond, p, err)
		}
		want, total := reference(all, cond, p)
		wantKind, wantTotal := paging.TotalExact, total // fewer than ExactCountLimit: estimated is exact
		if p.Count == paging.CountNone {
			wantKind, wantTotal = paging.TotalUnknown, 0
		}
		hasNext := p.Offset()+int64(p.Size) < total
		if !reflect.DeepEqual(ids(got.Content), ids(want)) || got.TotalElements != wantTotal || got.Total != wantKind ||
			got.HasNext != hasNext || (got.Next != nil) != hasNext {
			t.Fatalf("search %d cond %+v pageable %+v:\n got %v total %d kind %d next %v\nwant %v total %d kind %d next %v",
				i, cond, p, names(got.Content), got.TotalElements, got.Total, got.HasNext, names(want), wantTotal, wantKind, hasNext)
		}
	}

	if refused == 0 {
		t.Fatal("no search had a prefix of ignorables only; the refusal went untested")
	}

	// Keyset: following the cursors from the first page visits exactly the reference order.
	for i := range searches / 4 {
		cond := randomCondition(rng, all, managers)
		if cond.NamePrefix != "" && namekey.Fragment(cond.NamePrefix) == "" {
			continue // refused, as checked above
		}
		p := randomPageable(rng)
		p.Page, p.Count = 0, paging.CountMode(rng.IntN(3))
		everything := p
		everything.Size = len(all)
		want, total := reference(all, cond, everything)
		var walked []*hub.Hub
		for pages := 0; ; pages++ {
			got, err := repo.Search(ctx, cond, p)
			if err != nil {
				t.Fatalf("walk %d %+v %+v: %v", i, cond, p, err)
			}
			if p.Count == paging.CountExact && got.TotalElements != total {
				t.Fatalf("walk %d: total %d, want %d", i, got.TotalElements, total)
			}
			walked = append(walked, got.Content...)
			if !got.HasNext || pages > len(all) {
				break
			}
			p.After = got.Next
		}
		if !reflect.DeepEqual(ids(walked), ids(want)) {
			t.Fatalf("walk %d cond %+v sort %v size %d:\n got %v\nwant %v", i, cond, p.Sort, p.Size, names(walked), names(want))
		}
	}
}

var nameParts = []string{"a", "A", "b", "B", "z", "%", "_", `\`, "가", "나", "센터", " ", "1",
	"Ａ", "ｂ", "\u1100\u1161", "\u3000", "\u00a0", "\u200b", "\ufeff", "ß", "SS", "＼", "％"}

// randomPrefix is a prefix of name, in random case, NFD or full-width (or as it is).
func randomPrefix(rng *rand.Rand, name string) string {
	runes := []rune(name)
	prefix := string(runes[:1+rng.IntN(len(runes))])
	switch rng.IntN(4) {
	case 0:
		prefix = strings.ToUpper(prefix)
	case 1:
		prefix = norm.NFD.String(prefix)
	case 2:
		prefix = width.Widen.String(prefix)
	}
	return prefix
}

func randomName(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(6) {
		b.WriteString(nameParts[rng.IntN(len(nameParts))])
	}
	if namekey.Key(b.String()) == "" {
		return "x" // only ignorables and spaces: not a name hub.New accepts
	}
	return b.String()
}

func randomCondition(rng *rand.Rand, all []*hub.Hub, managers []uuid.UUID) hub.SearchCondition {
	var c hub.SearchCondition
	c.Deleted = rng.IntN(4) == 0
	if rng.IntN(10) == 0 {
		id := all[rng.IntN(len(all))].ID()
		if rng.IntN(3) == 0 {
			id = uuid.New()
		}
		c.HubID = &id
	}
	switch rng.IntN(3) {
	case 0: // a prefix of a real name, in random case, NFD or full-width
		c.NamePrefix = randomPrefix(rng, all[rng.IntN(len(all))].Name())
	case 1:
		c.NamePrefix = string([]rune(randomName(rng))[:1])
	}
	if rng.IntN(3) == 0 {
		c.ManagerID = &managers[rng.IntN(len(managers))]
	}
	return c
}

func randomPageable(rng *rand.Rand) paging.Pageable {
	props := hub.SortableProperties
	var sort paging.Sort
	for range rng.IntN(3) {
		sort = append(sort, paging.Order{Property: props[rng.IntN(len(props))], Direction: paging.Direction(rng.IntN(2))})
	}
	size := 1 + rng.IntN(30)
	page := rng.IntN(8)
	if rng.IntN(4) == 0 {
		page = rng.IntN(60)
	}
	p, _ := paging.NewPageable(page, size, sort)
	return p
}

// reference is the search in plain Go: filter, sort (hub id as the last tie-breaker, in the
// direction of the last order), slice.
func reference(all []*hub.Hub, c hub.SearchCondition, p paging.Pageable) ([]*hub.Hub, int64) {
	var match []*hub.Hub
	for _, h := range all {
		if h.IsDeleted() != c.Deleted ||
			(c.HubID != nil && h.ID() != *c.HubID) ||
			(c.ManagerID != nil && (h.ManagerID() == nil || *h.ManagerID() != *c.ManagerID)) ||
			!strings.HasPrefix(namekey.Key(h.Name()), namekey.Fragment(c.NamePrefix)) {
			continue
		}
		match = append(match, h)
	}
	sortLike(match, p.Sort, hub.DefaultSort, hubOrder, (*hub.Hub).ID)
	return pageOf(match, p), int64(len(match))
}

// hubOrder compares hubs by each sortable property, names by their key as uniqueness does.
var hubOrder = map[string]func(a, b *hub.Hub) int{
	hub.SortByName:      func(a, b *hub.Hub) int { return strings.Compare(namekey.Key(a.Name()), namekey.Key(b.Name())) },
	hub.SortByCreatedAt: func(a, b *hub.Hub) int { return a.CreatedAt().Compare(b.CreatedAt()) },
	hub.SortByUpdatedAt: func(a, b *hub.Hub) int { return a.UpdatedAt().Compare(b.UpdatedAt()) },
}

func ids(hubs []*hub.Hub) []uuid.UUID { return idsOf(hubs, (*hub.Hub).ID) }
