package postgres_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/hubd/hubd/internal/domain/hub"
	"github.com/hubd/hubd/internal/domain/kernel"
	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestMapError_PerAggregate: the driver-error mapping knows no aggregate. An adapter says what a
// missing row and each of its constraints mean, here for a made-up table of things, against
// refusals of a real server; what it does not name stays the driver's error, and the shared
// mapping turns no missing row into any aggregate's not-found.
func TestMapError_PerAggregate(t *testing.T) {
	t.Parallel()
	errThingNotFound := kernel.NewError(kernel.NotFound, "THING_NOT_FOUND", "thing not found")
	errThingTaken := kernel.NewError(kernel.Conflict, "THING_TAKEN", "thing name taken")
	constraints := map[string]error{"things_name_key": errThingTaken}

	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), postgres.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE things (id int PRIMARY KEY, name text CONSTRAINT things_name_key UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO things VALUES (1, 'a')`); err != nil {
		t.Fatal(err)
	}

	_, dupName := db.Exec(`INSERT INTO things VALUES (2, 'a')`)
	if got := postgres.MapErrorForTest(errThingNotFound, constraints, dupName); !errors.Is(got, errThingTaken) ||
		kernel.KindOf(got) != kernel.Conflict || kernel.CodeOf(got) != "THING_TAKEN" {
		t.Errorf("a duplicate name: %v, want THING_TAKEN of kind Conflict", got)
	}
	if got := postgres.MapErrorForTest(nil, map[string]error{"hubs_live_name_key": hub.ErrNameTaken}, dupName); errors.Is(got, hub.ErrNameTaken) ||
		kernel.KindOf(got) != kernel.Internal {
		t.Errorf("a violation of a constraint the adapter did not name: %v, want the driver's error", got)
	}
	_, dupID := db.Exec(`INSERT INTO things VALUES (1, 'b')`) // things_pkey: not in the map
	if got := postgres.MapErrorForTest(errThingNotFound, constraints, dupID); errors.Is(got, errThingTaken) || kernel.KindOf(got) != kernel.Internal {
		t.Errorf("a duplicate id: %v, want the driver's error", got)
	}

	var name string
	noRow := db.Get(&name, `SELECT name FROM things WHERE id = 99`)
	if got := postgres.MapErrorForTest(errThingNotFound, constraints, noRow); !errors.Is(got, errThingNotFound) || errors.Is(got, hub.ErrNotFound) {
		t.Errorf("no row: %v, want THING_NOT_FOUND", got)
	}
	if got := postgres.MapSharedErrorForTest(noRow); !errors.Is(got, sql.ErrNoRows) || errors.Is(got, hub.ErrNotFound) {
		t.Errorf("no row in the shared mapping: %v, want sql.ErrNoRows and no aggregate's error", got)
	}

	_, timedOut := db.Exec(`SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)`)
	if got := postgres.MapErrorForTest(errThingNotFound, constraints, timedOut); !errors.Is(got, kernel.ErrUnavailable) ||
		kernel.KindOf(got) != kernel.Unavailable {
		t.Errorf("a statement timeout: %v, want kernel.ErrUnavailable", got)
	}
}
