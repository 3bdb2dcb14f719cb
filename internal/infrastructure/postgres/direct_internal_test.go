package postgres

import (
	"database/sql"
	"database/sql/driver"
	"testing"
)

// TestAssignAsDatabaseSQL: the direct reads' assignment takes what database/sql's Scan takes
// for the views' targets, refuses what it refuses (NULL into a plain type, another type), and
// copies lib/pq's bytes, which it reuses for the next row.
func TestAssignAsDatabaseSQL(t *testing.T) {
	var (
		s  string
		b  bool
		n  int64
		bs []byte
		a  any
		ns sql.NullString
	)
	buf := []byte("서울")
	if err := assignAll([]any{&s, &b, &n, &bs, &a, &ns}, []driver.Value{buf, true, int64(7), buf, buf, "x"}); err != nil {
		t.Fatal(err)
	}
	buf[0] = 'X' // lib/pq's buffer, reused
	if s != "서울" || !b || n != 7 || string(bs) != "서울" || string(a.([]byte)) != "서울" || ns != (sql.NullString{String: "x", Valid: true}) {
		t.Fatalf("assigned %q %v %d %q %q %+v; want the values, bytes copied", s, b, n, bs, a, ns)
	}
	if err := assign(&ns, nil); err != nil || ns.Valid {
		t.Fatalf("NULL into a Scanner: %+v, %v", ns, err)
	}
	for _, bad := range []struct {
		dest any
		v    driver.Value
	}{{&s, nil}, {&n, "7"}, {&b, int64(1)}, {new(int), int64(1)}} {
		if err := assign(bad.dest, bad.v); err == nil {
			t.Errorf("a %T into a %T: no error", bad.v, bad.dest)
		}
	}
	if err := assignAll([]any{&s}, []driver.Value{"a", "b"}); err == nil {
		t.Error("one target for two columns: no error")
	}
}
