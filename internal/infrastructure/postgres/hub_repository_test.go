package postgres_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/hub"
)

func TestHubRepository_RoundTripEveryField(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	manager := uuid.New()
	d := hub.Details{
		Name:      "서울특별시 센터",
		ManagerID: &manager,
		Address:   hub.Address{ZipCode: "05544", Address1: "서울특별시 송파구 송파대로 55", Address2: "B동 2층"},
		Location:  &hub.Location{Latitude: 37.4742027808565, Longitude: 127.123621185562},
	}
	created := mustCreate(t, repo, d, base.Add(123456789*time.Nanosecond))
	got, err := repo.FindByID(ctx, created.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Snapshot(), created.Snapshot()) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got.Snapshot(), created.Snapshot())
	}
	deleted := mustDelete(t, repo, created.ID())
	got, err = repo.FindByID(ctx, created.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Snapshot(), deleted.Snapshot()) || got.DeletedAt() == nil || *got.DeletedBy() != master {
		t.Errorf("deleted round trip:\n got %+v\nwant %+v", got.Snapshot(), deleted.Snapshot())
	}
	bare := mustCreate(t, repo, details("빈 센터"), base)
	got, _ = repo.FindByID(ctx, bare.ID())
	if got.ManagerID() != nil || got.Location() != nil || got.Address().ZipCode != "" {
		t.Errorf("absent fields came back: %+v", got.Snapshot())
	}
}

func TestHubRepository_NotFound(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	id := uuid.New()
	if _, err := repo.FindByID(ctx, id); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("FindByID: %v", err)
	}
	if _, err := repo.Update(ctx, id, func(*hub.Hub) error { return nil }); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("Update: %v", err)
	}
}

func TestHubRepository_SoftDeleteHidesFromLiveLookupAndSearch(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	live := mustCreate(t, repo, details("live"), base)
	gone := mustCreate(t, repo, details("gone"), base.Add(time.Second))
	mustDelete(t, repo, gone.ID())

	if _, err := repo.FindActiveByID(ctx, gone.ID()); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("FindActiveByID of deleted hub: %v", err)
	}
	if h, err := repo.FindActiveByID(ctx, live.ID()); err != nil || h.ID() != live.ID() {
		t.Errorf("FindActiveByID of live hub: %v", err)
	}
	if h, err := repo.FindByID(ctx, gone.ID()); err != nil || !h.IsDeleted() {
		t.Errorf("FindByID of deleted hub: %v", err)
	}
	if got := names(mustSearch(t, repo, hub.SearchCondition{}, 0, 20).Content); !reflect.DeepEqual(got, []string{"live"}) {
		t.Errorf("live search: %v", got)
	}
	if got := names(mustSearch(t, repo, hub.SearchCondition{Deleted: true}, 0, 20).Content); !reflect.DeepEqual(got, []string{"gone"}) {
		t.Errorf("deleted search: %v", got)
	}
	list, err := repo.FindList(ctx, []uuid.UUID{gone.ID(), live.ID()}, false)
	if err != nil || !reflect.DeepEqual(names(list), []string{"live"}) {
		t.Errorf("FindList: %v %v", names(list), err)
	}
}

func TestHubRepository_NameUniqueAmongLiveIgnoringCase(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	first := mustCreate(t, repo, details("Alpha 센터"), base)
	dup, _ := hub.New(details("ALPHA 센터"), master, base)
	if err := repo.Create(ctx, dup); !errors.Is(err, hub.ErrNameTaken) {
		t.Fatalf("duplicate ignoring case: %v", err)
	}
	second := mustCreate(t, repo, details("Beta"), base)
	_, err := repo.Update(ctx, second.ID(), func(h *hub.Hub) error {
		return h.Change(details("alpha 센터"), master, base)
	})
	if !errors.Is(err, hub.ErrNameTaken) {
		t.Errorf("rename into a taken name: %v", err)
	}

	mustDelete(t, repo, first.ID())
	reuse := mustCreate(t, repo, details("alpha 센터"), base) // a deleted hub's name is free
	_, err = repo.Update(ctx, first.ID(), func(h *hub.Hub) error { return h.Restore(master, base) })
	if !errors.Is(err, hub.ErrNameTaken) {
		t.Errorf("restore into a taken name: %v", err)
	}
	if h, _ := repo.FindByID(ctx, first.ID()); !h.IsDeleted() || h.Version() != 2 {
		t.Errorf("refused restore changed the hub: %+v", h.Snapshot())
	}
	mustDelete(t, repo, reuse.ID())
	if _, err := repo.Update(ctx, first.ID(), func(h *hub.Hub) error { return h.Restore(master, base) }); err != nil {
		t.Errorf("restore once the name is free: %v", err)
	}
}

func TestHubRepository_FailedClosureChangesNothing(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	h := mustCreate(t, repo, details("steady"), base)
	boom := errors.New("boom")
	_, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error {
		if err := h.Change(details("changed"), master, base.Add(time.Minute)); err != nil {
			return err
		}
		return boom // after the change: the change must not be stored
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	got, _ := repo.FindByID(ctx, h.ID())
	if got.Name() != "steady" || got.Version() != 1 {
		t.Errorf("failed closure left %q v%d", got.Name(), got.Version())
	}
}

func TestHubRepository_NoChangeWritesNothing(t *testing.T) {
	t.Parallel()
	repo, db := newRepo(t)
	h := mustCreate(t, repo, details("same"), base)
	rowVersion := func() string { // xmin changes whenever the row is rewritten
		var xmin string
		if err := db.Get(&xmin, "SELECT xmin::text FROM hubs WHERE hub_id = $1", h.ID()); err != nil {
			t.Fatal(err)
		}
		return xmin
	}
	before := rowVersion()
	got, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error { return h.Change(h.Details(), master, base.Add(time.Hour)) })
	if err != nil || got.Version() != 1 {
		t.Fatalf("v%d %v", got.Version(), err)
	}
	if after := rowVersion(); after != before {
		t.Errorf("a change that changed nothing rewrote the row (xmin %s -> %s)", before, after)
	}
}

// TestHubRepository_ConcurrentUpdatesLoseNothing has 20 goroutines change one hub at once, each
// appending its own mark: every mark must survive and the version must count every change.
func TestHubRepository_ConcurrentUpdatesLoseNothing(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	h := mustCreate(t, repo, details("busy"), base)
	const writers = 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := repo.Update(ctx, h.ID(), func(h *hub.Hub) error {
				d := h.Details()
				d.Address.Address2 += fmt.Sprintf("[%d]", i)
				return h.Change(d, master, base.Add(time.Duration(i)*time.Second))
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, _ := repo.FindByID(ctx, h.ID())
	if got.Version() != writers+1 {
		t.Errorf("version %d, want %d", got.Version(), writers+1)
	}
	for i := range writers {
		if !strings.Contains(got.Address().Address2, fmt.Sprintf("[%d]", i)) {
			t.Errorf("change %d lost: %q", i, got.Address().Address2)
		}
	}
}
