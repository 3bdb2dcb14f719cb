package postgres_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestHubRepository_FindList: the hubs come in the order asked, each once, whatever order the
// database returns them in; unknown ids are left out, and deleted hubs unless asked for; one
// statement reads the whole list.
func TestHubRepository_FindList(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	repo := hubRepo(t, postgres.NewStore(db))
	a := mustCreate(t, repo, details("가 센터"), base)
	b := mustCreate(t, repo, details("나 센터"), base.Add(time.Second))
	c := mustCreate(t, repo, details("다 센터"), base.Add(2*time.Second))
	gone := mustCreate(t, repo, details("지운 센터"), base.Add(3*time.Second))
	mustDelete(t, repo, gone.ID())
	unknown := uuid.New()

	ids := []uuid.UUID{c.ID(), unknown, a.ID(), gone.ID(), b.ID(), c.ID(), a.ID()}
	for _, tc := range []struct {
		withDeleted bool
		want        []string
	}{
		{false, []string{"다 센터", "가 센터", "나 센터"}},
		{true, []string{"다 센터", "가 센터", "지운 센터", "나 센터"}},
	} {
		log.Reset()
		got, err := repo.FindList(ctx, ids, tc.withDeleted)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(names(got), tc.want) {
			t.Errorf("withDeleted %v: %q, want %q", tc.withDeleted, names(got), tc.want)
		}
		if n := log.Count("SELECT"); n != 1 {
			t.Errorf("withDeleted %v: %d SELECTs, want one: %q", tc.withDeleted, n, log.Statements())
		}
	}
	// What comes back is the stored hub, field for field.
	stored, err := repo.FindByID(ctx, gone.ID())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := repo.FindList(ctx, []uuid.UUID{gone.ID()}, true); err != nil || len(got) != 1 ||
		!reflect.DeepEqual(got[0].Snapshot(), stored.Snapshot()) {
		t.Errorf("deleted hub: %v %v", got, err)
	}
	for _, empty := range [][]uuid.UUID{nil, {}, {unknown}} {
		if got, err := repo.FindList(ctx, empty, true); err != nil || len(got) != 0 {
			t.Errorf("FindList(%v): %v %v, want nothing", empty, names(got), err)
		}
	}
}

// TestHubRepository_FindListLimit: MaxListSize ids are one list; one more is a validation error
// naming hubIds, and no statement runs.
func TestHubRepository_FindListLimit(t *testing.T) {
	t.Parallel()
	db, log := pgtest.OpenCounting(t)
	repo := hubRepo(t, postgres.NewStore(db))
	if hub.MaxListSize != 100 {
		t.Fatalf("MaxListSize %d, the batch look-up promises 100", hub.MaxListSize)
	}
	h := mustCreate(t, repo, details("하나"), base)
	ids := make([]uuid.UUID, hub.MaxListSize)
	for i := range ids {
		ids[i] = uuid.New()
	}
	ids[hub.MaxListSize-1] = h.ID()
	if got, err := repo.FindList(ctx, ids, false); err != nil || !reflect.DeepEqual(names(got), []string{"하나"}) {
		t.Errorf("%d ids: %v %v", len(ids), names(got), err)
	}
	log.Reset()
	_, err := repo.FindList(ctx, append(ids, uuid.New()), false)
	var ve *hub.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "hubIds" {
		t.Errorf("%d ids: %v, want a validation error naming hubIds", len(ids)+1, err)
	}
	if n := len(log.Statements()); n != 0 {
		t.Errorf("a refused list ran %d statements: %q", n, log.Statements())
	}
}

// TestHubRepository_FindListChecksTheConsistencyToken: the list is a read like the others, so a
// consistency token is checked for it too (a broken one is refused, not ignored).
func TestHubRepository_FindListChecksTheConsistencyToken(t *testing.T) {
	t.Parallel()
	repo, _ := newRepo(t)
	bad := consistency.WithMinimum(ctx, consistency.Token("not-a-wal-position"))
	if _, err := repo.FindList(bad, []uuid.UUID{uuid.New()}, false); !errors.Is(err, consistency.ErrInvalidToken) {
		t.Errorf("broken token: %v, want consistency.ErrInvalidToken", err)
	}
}
