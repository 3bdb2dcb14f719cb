package hub_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
)

func TestChangeBumpsVersionAndRecordsWhoAndWhen(t *testing.T) {
	h := newHub(t)
	manager := uuid.New()
	d := h.Details()
	d.Name = "새 이름"
	d.ManagerID = &manager
	at := t0.Add(time.Hour)
	if err := h.Change(d, other, at); err != nil {
		t.Fatal(err)
	}
	if h.Version() != 2 || h.Name() != "새 이름" || *h.ManagerID() != manager {
		t.Errorf("after change: v%d %q %v", h.Version(), h.Name(), h.ManagerID())
	}
	if h.UpdatedBy() != other || !h.UpdatedAt().Equal(at) || h.CreatedBy() != master || !h.CreatedAt().Equal(t0) {
		t.Errorf("audit: %v %v %v %v", h.UpdatedBy(), h.UpdatedAt(), h.CreatedBy(), h.CreatedAt())
	}
}

func TestChangeWithSameDetailsIsNoChange(t *testing.T) {
	h := newHub(t)
	d := h.Details()
	d.Name = "  " + d.Name + "  " // equal once trimmed
	if err := h.Change(d, other, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if h.Version() != 1 || h.UpdatedBy() != master {
		t.Errorf("no-op change bumped: v%d by %v", h.Version(), h.UpdatedBy())
	}
}

func TestInvalidChangeLeavesHubAsItWas(t *testing.T) {
	h := newHub(t)
	before := h.Snapshot()
	d := h.Details()
	d.Name = ""
	if err := h.Change(d, other, t0); !errors.Is(err, hub.ErrInvalid) {
		t.Fatalf("got %v", err)
	}
	if h.Version() != before.Version || h.Name() != before.Details.Name {
		t.Error("failed change altered the hub")
	}
}

func TestDeleteAndRestore(t *testing.T) {
	h := newHub(t)
	del := t0.Add(time.Minute)
	if err := h.Delete(other, del); err != nil {
		t.Fatal(err)
	}
	if !h.IsDeleted() || h.Version() != 2 || !h.DeletedAt().Equal(del) || *h.DeletedBy() != other || h.UpdatedBy() != other {
		t.Errorf("after delete: %+v", h.Snapshot())
	}
	if err := h.Delete(master, del); !errors.Is(err, hub.ErrDeleted) {
		t.Errorf("second delete: %v", err)
	}
	if err := h.Change(validDetails(), master, del); !errors.Is(err, hub.ErrDeleted) {
		t.Errorf("change of deleted hub: %v", err)
	}
	if h.Version() != 2 {
		t.Errorf("refused operations bumped the version to %d", h.Version())
	}
	res := t0.Add(2 * time.Minute)
	if err := h.Restore(master, res); err != nil {
		t.Fatal(err)
	}
	if h.IsDeleted() || h.Version() != 3 || h.DeletedAt() != nil || h.DeletedBy() != nil || !h.UpdatedAt().Equal(res) {
		t.Errorf("after restore: %+v", h.Snapshot())
	}
	if err := h.Restore(master, res); !errors.Is(err, hub.ErrNotDeleted) {
		t.Errorf("restore of live hub: %v", err)
	}
}

func TestAccessorsReturnCopies(t *testing.T) {
	h := newHub(t)
	h.Location().Latitude = 0
	d := h.Details()
	d.Location.Latitude = 1
	if h.Location().Latitude == 0 || h.Location().Latitude == 1 {
		t.Error("caller reached into the hub's location")
	}
}

func TestUnmarshalRoundTripAndRejectsCorruptState(t *testing.T) {
	h := newHub(t)
	if err := h.Delete(other, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	back, err := hub.UnmarshalFromDatabase(h.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	if back.Snapshot().DeletedAt == nil || back.Version() != 2 || back.Name() != h.Name() {
		t.Errorf("round trip lost data: %+v", back.Snapshot())
	}
	s := h.Snapshot()
	s.DeletedAt = nil // deleted without a time
	if _, err := hub.UnmarshalFromDatabase(s); !errors.Is(err, hub.ErrCorruptState) || errors.Is(err, hub.ErrInvalid) {
		t.Errorf("corrupt snapshot: %v, want ErrCorruptState (the storage's fault, not the caller's)", err)
	}
	// A hub stored under looser rules stays readable.
	legacy := h.Snapshot()
	legacy.DeletedAt, legacy.DeletedBy, legacy.Deleted = nil, nil, false
	legacy.Details.Name = strings.Repeat("가", hub.MaxNameLength+1)
	if back, err := hub.UnmarshalFromDatabase(legacy); err != nil || back.Name() != legacy.Details.Name {
		t.Errorf("a 101-character stored name is unreadable: %v", err)
	}
}

func TestEveryChangeRecordsOneEvent(t *testing.T) {
	h := newHub(t)
	d := h.Details()
	d.Name = "바뀐 이름"
	steps := []struct {
		run  func() error
		want hub.EventType
	}{
		{func() error { return nil }, hub.Created},
		{func() error { return h.Change(d, other, t0.Add(time.Minute)) }, hub.Updated},
		{func() error { return h.Change(d, other, t0.Add(2*time.Minute)) }, ""}, // no change, no event
		{func() error { return h.Delete(master, t0.Add(3*time.Minute)) }, hub.Deleted},
		{func() error { return h.Delete(master, t0.Add(4*time.Minute)) }, ""}, // refused, no event
		{func() error { return h.Restore(other, t0.Add(5*time.Minute)) }, hub.Restored},
	}
	var want []hub.EventType
	for _, s := range steps {
		_ = s.run()
		if s.want != "" {
			want = append(want, s.want)
		}
	}
	events := h.PendingEvents()
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(events), len(want), events)
	}
	seen := map[uuid.UUID]bool{}
	for i, e := range events {
		if e.Type != want[i] || e.Version != int64(i+1) || e.RecordID != h.ID() || e.State.Version != e.Version || seen[e.ID] {
			t.Errorf("event %d: %+v", i, e)
		}
		seen[e.ID] = true
	}
	if last := events[len(events)-1]; last.Actor != other || !last.OccurredAt.Equal(t0.Add(5*time.Minute)) || last.State.Deleted {
		t.Errorf("restore event: %+v", last)
	}
	if events[2].State.DeletedAt == nil || events[1].State.Details.Name != "바뀐 이름" {
		t.Errorf("events do not carry the state after the change: %+v", events)
	}
}
