package apptest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestClock(t *testing.T) {
	t.Parallel()
	c := apptest.NewClock(apptest.Start)
	if got := c.Now(); !got.Equal(apptest.Start) {
		t.Fatalf("Now = %v, want %v", got, apptest.Start)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Advance(time.Second); c.Now() })
	}
	wg.Wait()
	if want := apptest.Start.Add(10 * time.Second); !c.Now().Equal(want) {
		t.Fatalf("after 10 advances Now = %v, want %v", c.Now(), want)
	}
	if got := c.Advance(time.Minute); !got.Equal(c.Now()) {
		t.Fatalf("Advance returned %v, Now %v", got, c.Now())
	}
}

func TestStored(t *testing.T) {
	t.Parallel()
	got := apptest.Stored(apptest.Start)
	if got.Location() != time.UTC || got.Nanosecond() != 123456000 || !got.Equal(apptest.Start.Truncate(time.Microsecond)) {
		t.Fatalf("Stored(Start) = %v", got)
	}
}

func TestEnv(t *testing.T) {
	t.Parallel()
	e := apptest.New(t)
	if e.Master.Role != access.Master || e.Master.ID == [16]byte{} {
		t.Fatalf("Master = %+v", e.Master)
	}
	live := e.Create(t, apptest.Details("살아있는 허브", apptest.Ptr(apptest.Actor(access.HubManager).ID)))
	s := e.Load(t, live.ID())
	if s.Deleted || s.Version != 1 || s.CreatedBy != e.Master.ID || !s.CreatedAt.Equal(apptest.Stored(apptest.Start)) {
		t.Fatalf("created hub stored as %+v", s)
	}
	e.Unchanged(t, s)

	e.Clock.Advance(time.Hour)
	gone := e.CreateDeleted(t, apptest.Details("지운 허브", nil))
	s = e.Load(t, gone.ID())
	if !gone.Snapshot().Deleted || !s.Deleted || s.DeletedBy == nil || *s.DeletedBy != e.Master.ID ||
		!s.DeletedAt.Equal(apptest.Stored(apptest.Start.Add(time.Hour))) {
		t.Fatalf("deleted hub stored as %+v", s)
	}
}
