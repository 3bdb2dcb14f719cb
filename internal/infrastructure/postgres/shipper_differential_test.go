package postgres_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// TestShipperSearch_DifferentialAgainstMatches loads 540 random shippers over 43 hubs with random
// names (wildcards, full-width, NFD, ignorables; three hubs deleted with their shippers), a
// quarter moved or retyped later and a fifth deleted, with shared creation times, and checks 320
// random searches (every filter, the hub name prefix joined from hubs, the deleted switch, one
// or two sort keys, pages, every fifth walked by cursor) against shipper.SearchCondition.Matches
// with a plain-Go sort and slice: same content in the same order, same totals.
func TestShipperSearch_DifferentialAgainstMatches(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	rng := rand.New(rand.NewPCG(20261202, 12))
	const liveHubs, deadHubs, shipperCount, searches = 40, 3, 540, 320
	var hubs []uuid.UUID
	names := map[uuid.UUID]string{}
	for len(hubs) < liveHubs+deadHubs {
		name := randomName(rng) + " 센터"
		h, err := hub.New(details(name), master, base)
		if err != nil {
			continue
		}
		if err := e.hubs.Create(ctx, h); err != nil {
			continue // a name whose key another hub has
		}
		hubs = append(hubs, h.ID())
		names[h.ID()] = name
	}
	var all []*shipper.Shipper
	for i := range shipperCount {
		h := hubs[rng.IntN(liveHubs)]
		if i < 12 {
			h = hubs[liveHubs+i%deadHubs]
		}
		s := e.shipper(t, h, shipper.Types[rng.IntN(2)], base.Add(time.Duration(rng.IntN(60))*time.Second))
		if i >= 12 && rng.IntN(4) == 0 {
			d := shipper.Details{HubID: hubs[rng.IntN(liveHubs)], Type: shipper.Types[rng.IntN(2)]}
			s = e.change(t, s.ID(), func(x *shipper.Shipper) error {
				return x.Change(d, master, base.Add(time.Duration(60+rng.IntN(30))*time.Second))
			})
		}
		if i < 12 || rng.IntN(5) == 0 {
			s = e.change(t, s.ID(), func(x *shipper.Shipper) error {
				return x.Delete(master, base.Add(time.Duration(90+rng.IntN(30))*time.Second))
			})
		}
		all = append(all, s)
	}
	for _, h := range hubs[liveHubs:] {
		mustDelete(t, e.hubs, h)
	}

	condition := func() shipper.SearchCondition {
		var c shipper.SearchCondition
		c.Deleted = rng.IntN(4) == 0
		if rng.IntN(8) == 0 {
			id := all[rng.IntN(len(all))].ID()
			if rng.IntN(3) == 0 {
				id = uuid.New()
			}
			c.ShipperID = &id
		}
		if rng.IntN(5) == 0 {
			c.HubID = &hubs[rng.IntN(len(hubs))]
		}
		if rng.IntN(3) == 0 {
			c.Type = shipper.Types[rng.IntN(2)]
		}
		switch rng.IntN(3) {
		case 0: // a prefix of a real hub's name, in random case, NFD or full-width
			c.HubNamePrefix = randomPrefix(rng, names[hubs[rng.IntN(len(hubs))]])
		case 1:
			c.HubNamePrefix = string([]rune(randomName(rng))[:1])
		}
		if c.Validate() != nil {
			c.HubNamePrefix = "" // only ignorables: refused before any search
		}
		return c
	}
	pageableOf := func() paging.Pageable {
		var sort paging.Sort
		for range rng.IntN(3) {
			sort = append(sort, paging.Order{Property: shipper.SortableProperties[rng.IntN(2)], Direction: paging.Direction(rng.IntN(2))})
		}
		page := rng.IntN(6)
		if rng.IntN(4) == 0 {
			page = rng.IntN(40)
		}
		p, err := paging.NewPageable(page, 1+rng.IntN(30), sort)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	joined := 0
	for i := range searches {
		c, p := condition(), pageableOf()
		if c.HubNamePrefix != "" {
			joined++
		}
		want, total := shipperReference(all, names, c, p)
		if i%5 == 0 { // walk the whole result by cursor from the first page
			p.Page = 0
			full, _ := shipperReference(all, names, c, paging.Pageable{Size: len(all), Sort: p.Sort})
			search := func(p paging.Pageable) paging.Page[query.ShipperView] { return shipperSearch(t, e, c, p) }
			if got := walkByCursor(search, p, shipperViewID, len(all)+1, nil); !slices.Equal(got, full) {
				t.Fatalf("search %d %+v %+v by cursor:\n got %v\nwant %v", i, c, p.Sort, got, full)
			}
			continue
		}
		page := shipperSearch(t, e, c, p)
		if got := shipperIDs(page.Content); !slices.Equal(got, want) || page.TotalElements != total {
			t.Fatalf("search %d %+v %+v:\n got %v (total %d)\nwant %v (total %d)", i, c, p, got, page.TotalElements, want, total)
		}
	}
	if joined < searches/3 {
		t.Errorf("only %d of %d searches joined the hubs", joined, searches)
	}
}

// shipperReference is the search in plain Go: Matches, sort (shipper id as the last
// tie-breaker, in the direction of the last order), slice.
func shipperReference(all []*shipper.Shipper, names map[uuid.UUID]string, c shipper.SearchCondition, p paging.Pageable) ([]uuid.UUID, int64) {
	var match []*shipper.Shipper
	for _, s := range all {
		if c.Matches(s, names[s.HubID()]) {
			match = append(match, s)
		}
	}
	sortLike(match, p.Sort, shipper.DefaultSort, shipperOrder, (*shipper.Shipper).ID)
	return idsOf(pageOf(match, p), (*shipper.Shipper).ID), int64(len(match))
}

// shipperOrder compares shippers by each sortable property.
var shipperOrder = map[string]func(a, b *shipper.Shipper) int{
	shipper.SortByCreatedAt: func(a, b *shipper.Shipper) int { return a.CreatedAt().Compare(b.CreatedAt()) },
	shipper.SortByUpdatedAt: func(a, b *shipper.Shipper) int { return a.UpdatedAt().Compare(b.UpdatedAt()) },
}
