package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// TestPreparedDBSurvivesSchemaChangeUnderLoad: while many goroutines run one cached statement, a
// migration changes its result type; every query must still succeed (evicted, re-prepared),
// none may hit a statement another goroutine closed.
func TestPreparedDBSurvivesSchemaChangeUnderLoad(t *testing.T) {
	db, err := sqlx.Open("postgres", pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (a int); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	p := postgres.NewPreparedDB(db)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 30 {
				rows, err := p.QueryxContext(ctx, "SELECT * FROM t")
				if err != nil {
					errs <- err
					continue
				}
				for rows.Next() {
				}
				errs <- rows.Close() //nolint:sqlclosecheck // each query of the loop closes its rows, and the test checks that Close
			}
		}()
	}
	if _, err := db.Exec("ALTER TABLE t ADD COLUMN b int"); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
