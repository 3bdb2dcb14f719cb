package query_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/command"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/paging"
	"github.com/hubd/hubd/internal/domain/record"
)

func names(views []query.HubView) []string {
	out := make([]string, len(views))
	for i, v := range views {
		out[i] = v.Name
	}
	return out
}

// TestSearchPagesAndFilters: the search hands the condition and page to the repository and
// returns read models with the page's numbers and true totals.
func TestSearchPagesAndFilters(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := uuid.New()
	for i := range 7 {
		var m *uuid.UUID
		if i%2 == 0 {
			m = &mgr
		}
		e.Create(t, apptest.Details(fmt.Sprintf("Hub %d", i), m))
	}
	e.Create(t, apptest.Details("Other", nil))
	e.CreateDeleted(t, apptest.Details("Hub deleted", &mgr))
	reader := apptest.Actor(access.Shipper)
	byName := paging.Order{Property: hub.SortByName, Direction: paging.Asc}

	search := func(cond hub.SearchCondition, p paging.Pageable) paging.Page[query.HubView] {
		t.Helper()
		page, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: reader, Condition: cond, Pageable: p})
		apptest.WantErr(t, err, nil)
		return page
	}

	page := search(hub.SearchCondition{NamePrefix: "hub "}, apptest.Pageable(t, 1, 3, byName))
	if got, want := names(page.Content), []string{"Hub 3", "Hub 4", "Hub 5"}; !slices.Equal(got, want) ||
		page.Number != 1 || page.Size != 3 || page.TotalElements != 7 || page.TotalPages() != 3 {
		t.Fatalf("page 1 of hub…: %v number %d size %d total %d pages %d; want %v, 1, 3, 7, 3",
			got, page.Number, page.Size, page.TotalElements, page.TotalPages(), want)
	}

	page = search(hub.SearchCondition{ManagerID: &mgr}, apptest.Pageable(t, 0, 10, byName))
	if got, want := names(page.Content), []string{"Hub 0", "Hub 2", "Hub 4", "Hub 6"}; !slices.Equal(got, want) || page.TotalElements != 4 {
		t.Fatalf("managed by %s: %v total %d, want %v (the deleted one hidden)", mgr, got, page.TotalElements, want)
	}

	page = search(hub.SearchCondition{}, apptest.Pageable(t, 5, 10))
	if len(page.Content) != 0 || page.TotalElements != 8 || page.Number != 5 {
		t.Fatalf("past the end: %d hubs, total %d, number %d; want 0, 8, 5", len(page.Content), page.TotalElements, page.Number)
	}

	// The default order is newest first, ties broken by id; the fixed clock makes every
	// created_at equal, so the (time-ordered) ids decide.
	page = search(hub.SearchCondition{}, apptest.Pageable(t, 0, 20))
	ids := make([]string, len(page.Content))
	for i, v := range page.Content {
		ids[i] = v.ID.String()
	}
	if !slices.IsSortedFunc(ids, func(a, b string) int { return -compare(a, b) }) || len(ids) != 8 {
		t.Fatalf("default order is not createdAt desc, id desc: %v", ids)
	}

	masterPage, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: e.Master, Condition: hub.SearchCondition{Deleted: true}, Pageable: apptest.Pageable(t, 0, 5)})
	apptest.WantErr(t, err, nil)
	if got := names(masterPage.Content); !slices.Equal(got, []string{"Hub deleted"}) || !masterPage.Content[0].Deleted {
		t.Fatalf("deleted search: %v", got)
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestSearchRefusesBadCondition: a name prefix no name could match for reasons of encoding is a
// validation error, not an empty page or a database error.
func TestSearchRefusesBadCondition(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	for _, prefix := range []string{"a\x00", "\xff", fmt.Sprintf("%0101d", 0)} {
		_, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: e.Master, Condition: hub.SearchCondition{NamePrefix: prefix}, Pageable: apptest.Pageable(t, 0, 5)})
		if !errors.Is(err, hub.ErrInvalid) {
			t.Errorf("prefix %q: %v, want hub.ErrInvalid", prefix, err)
		}
	}
	// LIKE's wildcards are literal characters.
	e.Create(t, apptest.Details("100% 허브", nil))
	e.Create(t, apptest.Details("1000 허브", nil))
	page, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: e.Master, Condition: hub.SearchCondition{NamePrefix: "100%"}, Pageable: apptest.Pageable(t, 0, 5)})
	apptest.WantErr(t, err, nil)
	if got := names(page.Content); !slices.Equal(got, []string{"100% 허브"}) {
		t.Fatalf("prefix 100%%: %v", got)
	}
}

// TestGetShowsEveryField: the read model carries what the commands stored, audit included.
func TestGetShowsEveryField(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := uuid.New()
	h := e.Create(t, apptest.Details("  전 필드 허브 ", &mgr))
	editor := apptest.Actor(access.Master)
	if _, err := e.App.Hubs.Update.Patch(ctx, command.PatchHub{Actor: editor, HubID: h.ID(), Patch: command.HubPatch{
		Address: &command.AddressPatch{Address2: apptest.Ptr("2층")},
	}}); err != nil {
		t.Fatal(err)
	}
	got, err := e.App.Hubs.Get.Handle(ctx, readmodel.One{Actor: apptest.Actor(access.Server), ID: h.ID()})
	apptest.WantErr(t, err, nil)
	want := query.HubView{
		ID: h.ID(), Name: "전 필드 허브", ManagerID: &mgr,
		Address:  hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55", Address2: "2층"},
		Location: &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
		Fields:   record.Fields{Version: 2, CreatedAt: now, CreatedBy: e.Master.ID, UpdatedAt: now, UpdatedBy: editor.ID},
	}
	if !viewsEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}

	if _, err := e.App.Hubs.Delete.Handle(ctx, command.DeleteHub{Actor: editor, ID: h.ID()}); err != nil {
		t.Fatal(err)
	}
	got, err = e.App.Hubs.Get.Handle(ctx, readmodel.One{Actor: e.Master, ID: h.ID()})
	apptest.WantErr(t, err, nil)
	if !got.Deleted || got.Version != 3 || got.DeletedAt == nil || !got.DeletedAt.Equal(now) ||
		got.DeletedBy == nil || *got.DeletedBy != editor.ID {
		t.Fatalf("deleted view: %+v", got)
	}
}

func viewsEqual(a, b query.HubView) bool {
	eqPtr := func(x, y *uuid.UUID) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.ID == b.ID && a.Name == b.Name && eqPtr(a.ManagerID, b.ManagerID) && a.Address == b.Address &&
		(a.Location == nil) == (b.Location == nil) && (a.Location == nil || *a.Location == *b.Location) &&
		a.Deleted == b.Deleted && a.Version == b.Version && a.CreatedAt.Equal(b.CreatedAt) && a.CreatedBy == b.CreatedBy &&
		a.UpdatedAt.Equal(b.UpdatedAt) && a.UpdatedBy == b.UpdatedBy && a.DeletedAt == nil && b.DeletedAt == nil &&
		eqPtr(a.DeletedBy, b.DeletedBy)
}
