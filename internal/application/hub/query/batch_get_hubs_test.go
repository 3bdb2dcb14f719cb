package query_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/hub/query"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/domain/hub"
)

// TestBatchGetHubsPermissionMatrix asks for a live, a deleted and an unknown hub (and the live
// one again) as every role: CUSTOMER is refused, MASTER sees the deleted hub, every other
// reader gets it listed as not found, exactly like the unknown id; the order is the order asked.
func TestBatchGetHubsPermissionMatrix(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	live := e.Create(t, apptest.Details("살아있는 허브", nil))
	deleted := e.CreateDeleted(t, apptest.Details("지워진 허브", nil))
	unknown := uuid.New()
	ids := []uuid.UUID{deleted.ID(), unknown, live.ID(), deleted.ID(), live.ID()}

	want := map[access.Role]query.HubBatch{
		access.Master: {Found: []query.HubView{query.ViewOf(deleted), query.ViewOf(live)}, NotFound: []uuid.UUID{unknown}},
	}
	for _, r := range []access.Role{access.HubManager, access.Company, access.Shipper, access.Server} {
		want[r] = query.HubBatch{Found: []query.HubView{query.ViewOf(live)}, NotFound: []uuid.UUID{deleted.ID(), unknown}}
	}
	if len(access.Roles) != 6 || len(want) != 5 {
		t.Fatalf("the matrix must cover six roles: %d roles, %d readers", len(access.Roles), len(want))
	}
	for _, role := range access.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			got, err := e.App.Hubs.BatchGet.Handle(ctx, query.BatchGetHubs{Actor: apptest.Actor(role), HubIDs: ids})
			if role == access.Customer {
				apptest.WantErr(t, err, access.ErrForbidden)
				if got.Found != nil || got.NotFound != nil {
					t.Errorf("a refused look-up answered %+v", got)
				}
				return
			}
			apptest.WantErr(t, err, nil)
			if !reflect.DeepEqual(got, want[role]) {
				t.Errorf("got\n %+v\nwant\n %+v", got, want[role])
			}
		})
	}
}

// TestBatchGetHubsLimit: hub.MaxListSize ids (duplicates counted) are answered, one more is a
// validation error naming hubIds, for every role: the request is checked as sent before the
// caller's rights. An empty list is answered with nothing.
func TestBatchGetHubsLimit(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	live := e.Create(t, apptest.Details("허브", nil))
	full := make([]uuid.UUID, hub.MaxListSize)
	for i := range full {
		full[i] = live.ID()
	}
	got, err := e.App.Hubs.BatchGet.Handle(ctx, query.BatchGetHubs{Actor: e.Master, HubIDs: full})
	apptest.WantErr(t, err, nil)
	if len(got.Found) != 1 || len(got.NotFound) != 0 {
		t.Errorf("%d copies of one id: %+v, want the hub once", len(full), got)
	}
	for _, role := range access.Roles {
		_, err := e.App.Hubs.BatchGet.Handle(ctx, query.BatchGetHubs{Actor: apptest.Actor(role), HubIDs: append(full, live.ID())})
		var ve *hub.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "hubIds" {
			t.Errorf("%s, %d ids: %v, want a validation error naming hubIds", role, len(full)+1, err)
		}
	}
	got, err = e.App.Hubs.BatchGet.Handle(ctx, query.BatchGetHubs{Actor: e.Master, HubIDs: nil})
	apptest.WantErr(t, err, nil)
	if got.Found == nil || got.NotFound == nil || len(got.Found)+len(got.NotFound) != 0 {
		t.Errorf("empty list: %+v, want empty (not nil) lists", got)
	}
}
