package query_test

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/application/readmodel"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// readers are the roles that may read; deleted hubs do not exist for them.
func readers() map[access.Role]error {
	m := map[access.Role]error{access.Customer: access.ErrForbidden}
	for _, r := range access.Roles {
		if r != access.Customer {
			m[r] = nil
		}
	}
	return m
}

// TestPermissionMatrixQueries runs every reading action as every role against a database with a
// live and a deleted hub, and checks both the error and what was seen.
func TestPermissionMatrixQueries(t *testing.T) {
	t.Parallel()
	if len(access.Roles) != 6 {
		t.Fatalf("the contract has six roles, access.Roles has %d", len(access.Roles))
	}
	e := apptest.New(t)
	live := e.Create(t, apptest.Details("살아있는 허브", nil))
	deleted := e.CreateDeleted(t, apptest.Details("지워진 허브", nil))
	liveView, deletedView := query.ViewOf(live), query.ViewOf(deleted)

	seeDeleted := map[access.Role]error{access.Master: nil}
	for _, r := range access.Roles {
		if r != access.Master {
			seeDeleted[r] = access.ErrForbidden
		}
	}
	getDeleted := map[access.Role]error{access.Master: nil, access.Customer: access.ErrForbidden}
	for _, r := range access.Roles {
		if _, ok := getDeleted[r]; !ok {
			getDeleted[r] = hub.ErrNotFound
		}
	}
	getUnknown := readers()
	for r, err := range getUnknown {
		if err == nil {
			getUnknown[r] = hub.ErrNotFound
		}
	}

	get := func(id uuid.UUID) func(access.Actor) (any, error) {
		return func(a access.Actor) (any, error) {
			return e.App.Hubs.Get.Handle(ctx, readmodel.One{Actor: a, ID: id})
		}
	}
	search := func(cond hub.SearchCondition) func(access.Actor) (any, error) {
		return func(a access.Actor) (any, error) {
			page, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: a, Condition: cond, Pageable: apptest.Pageable(t, 0, 20)})
			return page.Content, err
		}
	}
	// apptest.Details has a location, so the live hub is the nearest, and the deleted one at
	// the same place is not there for anyone.
	nearest := func(a access.Actor) (any, error) {
		loc := liveView.Location
		near, err := e.App.Hubs.Nearest.Handle(ctx, query.NearestHubs{Actor: a, Latitude: loc.Latitude, Longitude: loc.Longitude, Limit: query.DefaultNearestLimit})
		return near, err
	}
	cases := []struct {
		name string
		want map[access.Role]error
		act  func(access.Actor) (any, error)
		seen any // what an allowed caller gets
	}{
		{"get a live hub", readers(), get(live.ID()), liveView},
		{"get a deleted hub", getDeleted, get(deleted.ID()), deletedView},
		{"get an unknown hub", getUnknown, get(uuid.New()), nil},
		{"search live hubs", readers(), search(hub.SearchCondition{}), []query.HubView{liveView}},
		{"search live hubs by a deleted hub's id", readers(), search(hub.SearchCondition{HubID: apptest.Ptr(deleted.ID())}), []query.HubView{}},
		{"search deleted hubs", seeDeleted, search(hub.SearchCondition{Deleted: true}), []query.HubView{deletedView}},
		{"search deleted hubs by a live hub's id", seeDeleted, search(hub.SearchCondition{Deleted: true, HubID: apptest.Ptr(live.ID())}), []query.HubView{}},
		{"nearest hubs", readers(), nearest, []query.NearHub{{DistanceKm: 0, Hub: liveView}}},
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			caller := apptest.Actor(role)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					want, ok := c.want[role]
					if !ok {
						t.Fatalf("the case has no expectation for %s", role)
					}
					got, err := c.act(caller)
					apptest.WantErr(t, err, want)
					if want == nil && c.seen != nil && !reflect.DeepEqual(got, c.seen) {
						t.Errorf("saw\n %+v\nwant\n %+v", got, c.seen)
					}
				})
			}
		})
	}
}

// TestDeletedHubStaysHidden: the search for deleted hubs is refused to every role but MASTER
// whatever else the condition says, and a refused search reports no page.
func TestDeletedHubStaysHidden(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	mgr := apptest.Actor(access.HubManager)
	d := e.CreateDeleted(t, apptest.Details("관리하던 허브", apptest.Ptr(mgr.ID)))
	// Not even the hub's own manager sees it.
	_, err := e.App.Hubs.Get.Handle(ctx, readmodel.One{Actor: mgr, ID: d.ID()})
	apptest.WantErr(t, err, hub.ErrNotFound)
	for _, cond := range []hub.SearchCondition{
		{Deleted: true},
		{Deleted: true, ManagerID: apptest.Ptr(mgr.ID)},
		{Deleted: true, HubID: apptest.Ptr(d.ID())},
		{Deleted: true, NamePrefix: "관리"},
	} {
		page, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: mgr, Condition: cond, Pageable: apptest.Pageable(t, 0, 10)})
		apptest.WantErr(t, err, access.ErrForbidden)
		if len(page.Content) != 0 || page.TotalElements != 0 {
			t.Fatalf("a refused search returned %+v", page)
		}
	}
	page, err := e.App.Hubs.Search.Handle(ctx, readmodel.Find[hub.SearchCondition]{Actor: mgr, Condition: hub.SearchCondition{ManagerID: apptest.Ptr(mgr.ID)}, Pageable: apptest.Pageable(t, 0, 10)})
	apptest.WantErr(t, err, nil)
	if len(page.Content) != 0 || page.TotalElements != 0 {
		t.Fatalf("the live search shows a deleted hub: %+v", page)
	}
}
