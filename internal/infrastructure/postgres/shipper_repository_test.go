package postgres_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/shipper/query"
	"github.com/hubd/hubd/internal/domain/shipper"
)

// TestShipperRepository_CRUD: a registration reads back field for field; the live id is
// SHIPPER_EXISTS, a deleted one's SHIPPER_DELETED; an unknown or deleted hub is HUB_NOT_FOUND
// and writes nothing; a move to a deleted hub and a restore at one are refused; FindActiveByID
// hides the deleted.
func TestShipperRepository_CRUD(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	a, b := e.hub(t, "서울특별시 센터"), e.hub(t, "부산광역시 센터")
	s := e.shipper(t, a, shipper.TypeHub, base)
	got, err := e.shippers.FindByID(ctx, s.ID())
	if err != nil || !reflect.DeepEqual(got.Snapshot(), s.Snapshot()) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, s.Snapshot())
	}
	again, _ := shipper.New(s.ID(), shipper.Details{HubID: b, Type: shipper.TypeCustomer}, master, base)
	if err := e.shippers.Create(ctx, again); !errors.Is(err, shipper.ErrExists) {
		t.Errorf("a live id again: %v", err)
	}
	for name, hubID := range map[string]uuid.UUID{"unknown": uuid.New(), "deleted": e.hub(t, "지워질 센터")} {
		if name == "deleted" {
			mustDelete(t, e.hubs, hubID)
		}
		n, _ := shipper.New(uuid.New(), shipper.Details{HubID: hubID, Type: shipper.TypeHub}, master, base)
		if err := e.shippers.Create(ctx, n); !errors.Is(err, shipper.ErrHubNotFound) {
			t.Errorf("%s hub: %v", name, err)
		}
		if _, err := e.shippers.FindByID(ctx, n.ID()); !errors.Is(err, shipper.ErrNotFound) {
			t.Errorf("%s hub: the shipper was written: %v", name, err)
		}
	}
	dead := e.hub(t, "폐쇄 센터")
	mustDelete(t, e.hubs, dead)
	if _, err := e.shippers.Update(ctx, s.ID(), func(x *shipper.Shipper) error {
		return x.Change(shipper.Details{HubID: dead, Type: shipper.TypeHub}, master, base.Add(time.Minute))
	}); !errors.Is(err, shipper.ErrHubNotFound) {
		t.Errorf("move to a deleted hub: %v", err)
	}
	moved := e.change(t, s.ID(), func(x *shipper.Shipper) error {
		return x.Change(shipper.Details{HubID: b, Type: shipper.TypeCustomer}, master, base.Add(time.Minute))
	})
	if moved.HubID() != b || moved.Version() != 2 {
		t.Errorf("moved: %+v", moved.Snapshot())
	}
	e.change(t, s.ID(), func(x *shipper.Shipper) error { return x.Delete(master, base.Add(2*time.Minute)) })
	if _, err := e.shippers.FindActiveByID(ctx, s.ID()); !errors.Is(err, shipper.ErrNotFound) {
		t.Errorf("FindActiveByID of a deleted shipper: %v", err)
	}
	if err := e.shippers.Create(ctx, again); !errors.Is(err, shipper.ErrDeleted) {
		t.Errorf("a deleted id again: %v", err)
	}
	mustDelete(t, e.hubs, b)
	if _, err := e.shippers.Update(ctx, s.ID(), func(x *shipper.Shipper) error { return x.Restore(master, base.Add(3*time.Minute)) }); !errors.Is(err, shipper.ErrHubNotFound) {
		t.Errorf("restore at a deleted hub: %v", err)
	}
	if got, _ := e.shippers.FindByID(ctx, s.ID()); !got.IsDeleted() || got.Version() != 3 {
		t.Errorf("a refused restore wrote: %+v", got.Snapshot())
	}
	if _, err := e.shippers.FindByID(ctx, uuid.New()); !errors.Is(err, shipper.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

// TestShipperRepository_EventsInTheOutbox: every change stores one event of aggregate type
// "shipper" with the shipper's public JSON, in the change's transaction.
func TestShipperRepository_EventsInTheOutbox(t *testing.T) {
	t.Parallel()
	e := newShipperEnv(t)
	a, b := e.hub(t, "가 센터"), e.hub(t, "나 센터")
	s := e.shipper(t, a, shipper.TypeHub, base)
	e.change(t, s.ID(), func(x *shipper.Shipper) error {
		return x.Change(shipper.Details{HubID: b, Type: shipper.TypeHub}, master, base.Add(time.Minute))
	})
	e.change(t, s.ID(), func(x *shipper.Shipper) error { return x.Delete(master, base.Add(2*time.Minute)) })
	last := e.change(t, s.ID(), func(x *shipper.Shipper) error { return x.Restore(master, base.Add(3*time.Minute)) })
	rows, err := e.db.Query(`SELECT type, version, state FROM events WHERE aggregate_type = 'shipper' AND aggregate_id = $1 ORDER BY version`, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var types []string
	var state query.ShipperState
	for rows.Next() {
		var typ string
		var version int64
		var payload []byte
		if err := rows.Scan(&typ, &version, &payload); err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
		if err := json.Unmarshal(payload, &state); err != nil {
			t.Fatalf("payload %s: %v", payload, err)
		}
		if state.Version != version || state.ShipperID != s.ID() {
			t.Errorf("%s: payload %s", typ, payload)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"shipper.created", "shipper.updated", "shipper.deleted", "shipper.restored"}; !reflect.DeepEqual(types, want) {
		t.Errorf("events %v, want %v", types, want)
	}
	if state != query.ViewOf(last).State() {
		t.Errorf("last state %+v, want %+v", state, query.ViewOf(last).State())
	}
}
