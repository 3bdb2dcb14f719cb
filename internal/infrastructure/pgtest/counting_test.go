package pgtest_test

import (
	"testing"

	"github.com/lib/pq"

	"github.com/hubd/hubd/internal/infrastructure/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestCountingPoolCopies: lib/pq's COPY statements have no context methods; the counting pool
// must still run them (and log them).
func TestCountingPoolCopies(t *testing.T) {
	db, log := pgtest.OpenCounting(t)
	if _, err := db.Exec("CREATE TABLE t (x int)"); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	st, err := tx.Prepare(pq.CopyIn("t", "x"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := st.Exec(i); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Exec(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Get(&n, "SELECT count(*) FROM t"); err != nil || n != 3 {
		t.Errorf("copied %d rows: %v", n, err)
	}
	if log.Count("COPY") != 4 || log.Count("SELECT count(*)") != 1 {
		t.Errorf("log: %q", log.Statements())
	}
}
