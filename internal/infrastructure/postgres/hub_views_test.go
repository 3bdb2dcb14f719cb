package postgres_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
)

// TestHubViewsMatchTheAggregate: the read models scan rows straight into views; each view is
// exactly what the aggregate loaded by FindByID shows (query.ViewOf), for a hub with every
// optional field, one with none, and a deleted one (found only withDeleted); pages and cursors
// are those of Search.
func TestHubViewsMatchTheAggregate(t *testing.T) {
	repo, _ := newRepo(t)
	manager := uuid.New()
	full := details("뷰 가득")
	full.ManagerID, full.Location = &manager, &hub.Location{Latitude: 37.123456789, Longitude: -122.5}
	full.Address = hub.Address{ZipCode: "05544", Address1: "주소 \"1\"", Address2: "2층"}
	a := mustCreate(t, repo, full, base)
	b := mustCreate(t, repo, hub.Details{Name: "뷰 빈", Address: hub.Address{Address1: "x"}}, base.Add(time.Second+123456*time.Microsecond))
	c := mustCreate(t, repo, details("뷰 지움"), base.Add(2*time.Second))
	mustDelete(t, repo, c.ID())

	for _, h := range []*hub.Hub{a, b, c} {
		stored, err := repo.FindByID(ctx, h.ID())
		if err != nil {
			t.Fatal(err)
		}
		got, err := repo.View(ctx, h.ID(), true)
		if want := query.ViewOf(stored); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("HubView(%s, withDeleted): %v\n got %+v\nwant %+v", h.Name(), err, got, want)
		}
		_, err = repo.View(ctx, h.ID(), false)
		if deleted := h == c; deleted != errors.Is(err, hub.ErrNotFound) {
			t.Errorf("HubView(%s, live only): %v", h.Name(), err)
		}
	}
	if _, err := repo.View(ctx, uuid.New(), true); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("HubView(unknown): %v, want ErrNotFound", err)
	}

	for _, sort := range []paging.Sort{nil, {{Property: hub.SortByName}}, {{Property: hub.SortByUpdatedAt, Direction: paging.Desc}}} {
		p := paging.Pageable{Size: 1, Sort: sort}
		for range 3 {
			views, err := repo.SearchViews(ctx, hub.SearchCondition{NamePrefix: "뷰"}, p)
			if err != nil {
				t.Fatal(err)
			}
			hubs, err := repo.Search(ctx, hub.SearchCondition{NamePrefix: "뷰"}, p)
			if err != nil {
				t.Fatal(err)
			}
			want := paging.Map(hubs, query.ViewOf)
			if !reflect.DeepEqual(views, want) {
				t.Fatalf("sort %v after %v:\n got %+v\nwant %+v", sort, p.After, views, want)
			}
			if !views.HasNext {
				break
			}
			p.After = views.Next
		}
	}
}
