package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"
)

// These tests stream between real servers: a primary started by Start and
// standbys made by StartReplica from the same binaries.

func startReplicaT(t *testing.T, primary *Server, opts ReplicaOptions) *Server {
	t.Helper()
	opts.Logger = testLogger(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := StartReplica(ctx, primary, opts)
	if err != nil {
		t.Fatalf("StartReplica(%v): %v", opts.Mode, err)
	}
	t.Cleanup(func() { stopT(t, s) })
	return s
}

// eventually polls cond until it holds or within passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	var last error
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		ok, err := cond()
		if ok {
			return
		}
		last = err
	}
	t.Fatalf("%s: not within %v (last error: %v)", what, within, last)
}

// hasRow reports whether table holds a row with value v.
func hasRow(db *sql.DB, table, v string) (bool, error) {
	var n int
	err := db.QueryRow("SELECT count(*) FROM "+pq.QuoteIdentifier(table)+" WHERE v = $1", v).Scan(&n)
	return n == 1, err
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// waitReplicated waits until the replica shows the row the primary wrote.
func waitReplicated(t *testing.T, replica *sql.DB, table, v string) {
	t.Helper()
	eventually(t, 5*time.Second, fmt.Sprintf("row %q on the replica", v), func() (bool, error) {
		return hasRow(replica, table, v)
	})
}

// assertRefused checks that nothing listens on a stopped server's port.
func assertRefused(t *testing.T, port int) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err == nil {
		conn.Close()
		t.Errorf("port %d still accepts connections after Stop", port)
	}
}

func TestReplicaStreamsFromPrimary(t *testing.T) {
	primary := startT(t, Options{})
	replica := startReplicaT(t, primary, ReplicaOptions{})
	if replica.Port() == primary.Port() {
		t.Fatalf("replica and primary both on port %d", replica.Port())
	}
	pdb, rdb := openT(t, primary, "postgres"), openT(t, replica, "postgres")
	mustExec(t, pdb, `CREATE TABLE t (v text); INSERT INTO t VALUES ('first')`)
	waitReplicated(t, rdb, "t", "first")

	if got := queryString(t, rdb, "SELECT pg_is_in_recovery()::text"); got != "true" {
		t.Errorf("replica pg_is_in_recovery() = %s, want true", got)
	}
	if got := queryString(t, pdb, "SELECT pg_is_in_recovery()::text"); got != "false" {
		t.Errorf("primary pg_is_in_recovery() = %s, want false", got)
	}
	for setting, want := range map[string]string{"fsync": "off", "hot_standby": "on", "max_connections": "200"} {
		if got := queryString(t, rdb, "SHOW "+setting); got != want {
			t.Errorf("replica SHOW %s = %q, want %q", setting, got, want)
		}
	}
	wantConninfo := fmt.Sprintf("port=%d", primary.Port())
	if got := queryString(t, rdb, "SHOW primary_conninfo"); !strings.Contains(got, wantConninfo) {
		t.Errorf("replica primary_conninfo = %q, want it to name %s", got, wantConninfo)
	}
	if got := queryString(t, pdb, "SELECT string_agg(state, ',') FROM pg_stat_replication"); got != "streaming" {
		t.Errorf("primary's pg_stat_replication states = %q, want one streaming standby", got)
	}

	var pqErr *pq.Error
	if _, err := rdb.Exec(`INSERT INTO t VALUES ('on the replica')`); !errors.As(err, &pqErr) || pqErr.Code != "25006" {
		t.Errorf("insert on the replica: err = %v, want read_only_sql_transaction (25006)", err)
	}

	// Paused replay: the primary's next row must not show up.
	mustExec(t, rdb, `SELECT pg_wal_replay_pause()`)
	eventually(t, 5*time.Second, "replay paused", func() (bool, error) {
		var state string
		err := rdb.QueryRow(`SELECT pg_get_wal_replay_pause_state()`).Scan(&state)
		return state == "paused", err
	})
	mustExec(t, pdb, `INSERT INTO t VALUES ('second')`)
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ok, err := hasRow(rdb, "t", "second"); ok || err != nil {
			t.Fatalf("row written during a replay pause is on the replica (err %v)", err)
		}
	}
	mustExec(t, rdb, `SELECT pg_wal_replay_resume()`)
	waitReplicated(t, rdb, "t", "second")

	rdb.Close()
	pid, root, port := replica.proc.pid, replica.lay.root, replica.Port()
	stopT(t, replica)
	assertProcessGone(t, pid)
	assertRefused(t, port)
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("throwaway replica root %s still exists after Stop (stat: %v)", root, err)
	}
	mustExec(t, pdb, `INSERT INTO t VALUES ('after the replica stopped')`) // the primary does not depend on it
}

func TestTwoReplicasAtOnce(t *testing.T) {
	primary := startT(t, Options{})
	pdb := openT(t, primary, "postgres")
	mustExec(t, pdb, `CREATE TABLE t (v text); INSERT INTO t VALUES ('before')`)
	replicas := make([]*Server, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() {
			replicas[i], errs[i] = StartReplica(context.Background(), primary, ReplicaOptions{Logger: testLogger(t)})
		})
	}
	wg.Wait()
	for i, r := range replicas {
		if r != nil {
			t.Cleanup(func() { stopT(t, r) })
		}
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
	}
	if replicas[0].Port() == replicas[1].Port() || replicas[0].DataDir() == replicas[1].DataDir() {
		t.Fatalf("replicas share port %d or data dir %s", replicas[0].Port(), replicas[0].DataDir())
	}
	mustExec(t, pdb, `INSERT INTO t VALUES ('after')`)
	for _, r := range replicas {
		db := openT(t, r, "postgres")
		waitReplicated(t, db, "t", "before")
		waitReplicated(t, db, "t", "after")
	}
	if got := queryString(t, pdb, "SELECT count(*)::text FROM pg_stat_replication WHERE state = 'streaming'"); got != "2" {
		t.Errorf("%s standbys streaming from the primary, want 2", got)
	}
}

// TestPersistentReplicaSurvivesRestarts stops both servers and starts them
// again: the standby reuses its directory (no new base backup), keeps its
// data, catches up on what the primary wrote meanwhile, and follows the
// primary to whatever port it got this time.
func TestPersistentReplicaSurvivesRestarts(t *testing.T) {
	dir := reachableTempDir(t)
	primaryDir, replicaDir := filepath.Join(dir, "primary"), filepath.Join(dir, "replica")
	primary := startT(t, Options{Mode: Persistent, DataDir: primaryDir})
	mustExec(t, openT(t, primary, "postgres"), `CREATE TABLE t (v text); INSERT INTO t VALUES ('one')`)
	replica := startReplicaT(t, primary, ReplicaOptions{Mode: Persistent, DataDir: replicaDir})
	if replica.DataDir() != replicaDir {
		t.Errorf("DataDir() = %s, want %s", replica.DataDir(), replicaDir)
	}
	if got := queryString(t, openT(t, replica, "postgres"), "SHOW fsync"); got != "on" {
		t.Errorf("persistent replica SHOW fsync = %q, want on", got)
	}
	waitReplicated(t, openT(t, replica, "postgres"), "t", "one")
	if _, err := os.Stat(filepath.Join(replicaDir, persistentLogName+".prev")); !os.IsNotExist(err) {
		t.Errorf("the primary's copied log is in the new standby (stat: %v)", err)
	}
	if _, err := os.ReadFile(filepath.Join(replicaDir, persistentLogName)); err != nil {
		t.Errorf("the standby has no log of its own: %v", err)
	}
	pid := replica.proc.pid
	stopT(t, replica)
	assertProcessGone(t, pid)
	mustExec(t, openT(t, primary, "postgres"), `INSERT INTO t VALUES ('two')`) // while the standby is down
	stopT(t, primary)
	if _, err := os.Stat(filepath.Join(replicaDir, "standby.signal")); err != nil {
		t.Fatalf("stopped standby lost standby.signal: %v", err)
	}

	primary2 := startT(t, Options{Mode: Persistent, DataDir: primaryDir})
	t.Logf("primary port %d, then %d", primary.Port(), primary2.Port())
	replica2 := startReplicaT(t, primary2, ReplicaOptions{Mode: Persistent, DataDir: replicaDir})
	prev, err := os.ReadFile(filepath.Join(replicaDir, persistentLogName+".prev"))
	if err != nil || !strings.Contains(string(prev), "standby") {
		t.Errorf("the first run's log is not kept as .prev (err %v): the directory was not reused", err)
	}
	rdb := openT(t, replica2, "postgres")
	waitReplicated(t, rdb, "t", "one")
	waitReplicated(t, rdb, "t", "two")
	mustExec(t, openT(t, primary2, "postgres"), `INSERT INTO t VALUES ('three')`)
	waitReplicated(t, rdb, "t", "three")
	pid = replica2.proc.pid
	stopT(t, replica2)
	assertProcessGone(t, pid)
	if _, err := os.Stat(filepath.Join(replicaDir, "PG_VERSION")); err != nil {
		t.Errorf("persistent standby gone after Stop: %v", err)
	}
}

// TestPersistentReplicaTooFarBehindIsCloned: while the standby is down the
// primary checkpoints past the WAL the standby still needs; the next start
// replaces the standby with a new base backup instead of serving stale data.
func TestPersistentReplicaTooFarBehindIsCloned(t *testing.T) {
	primary := startT(t, Options{})
	pdb := openT(t, primary, "postgres")
	mustExec(t, pdb, `CREATE TABLE t (v text); INSERT INTO t VALUES ('one')`)
	replicaDir := filepath.Join(reachableTempDir(t), "replica")
	replica := startReplicaT(t, primary, ReplicaOptions{Mode: Persistent, DataDir: replicaDir})
	waitReplicated(t, openT(t, replica, "postgres"), "t", "one")
	stopT(t, replica)
	for i := range 3 {
		mustExec(t, pdb, `INSERT INTO t VALUES ($1)`, "gap "+strconv.Itoa(i))
		mustExec(t, pdb, `SELECT pg_switch_wal()`)
		mustExec(t, pdb, `CHECKPOINT`)
	}
	replica2 := startReplicaT(t, primary, ReplicaOptions{Mode: Persistent, DataDir: replicaDir})
	rdb := openT(t, replica2, "postgres")
	waitReplicated(t, rdb, "t", "gap 2")
	if _, err := os.Stat(filepath.Join(replicaDir, persistentLogName+".prev")); !os.IsNotExist(err) {
		t.Errorf("the standby was not cloned anew: its old log is still there (stat: %v)", err)
	}
	if left, _ := filepath.Glob(replicaDir + ".clone-*"); len(left) != 0 {
		t.Errorf("clone leftovers: %v", left)
	}
	mustExec(t, pdb, `INSERT INTO t VALUES ('after')`)
	waitReplicated(t, rdb, "t", "after")
}

func TestReplicaRefusesAClusterThatIsNoStandby(t *testing.T) {
	primary := startT(t, Options{})
	dataDir := filepath.Join(reachableTempDir(t), "cluster")
	stopT(t, startT(t, Options{Mode: Persistent, DataDir: dataDir})) // a primary's cluster
	_, err := StartReplica(context.Background(), primary, ReplicaOptions{Mode: Persistent, DataDir: dataDir})
	if err == nil || !strings.Contains(err.Error(), "not a standby") {
		t.Fatalf("StartReplica on a primary's cluster: err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err != nil {
		t.Errorf("the refused cluster was touched: %v", err)
	}
}

func TestReplicaNeedsARunningPrimary(t *testing.T) {
	if _, err := StartReplica(context.Background(), nil, ReplicaOptions{}); err == nil {
		t.Error("StartReplica(nil primary) succeeded")
	}
	primary := startT(t, Options{})
	if _, err := StartReplica(context.Background(), primary, ReplicaOptions{Mode: Persistent}); err == nil ||
		!strings.Contains(err.Error(), "DataDir") {
		t.Errorf("persistent replica without DataDir: err = %v", err)
	}
	stopT(t, primary)
	tmp := reachableTempDir(t)
	t.Setenv("TMPDIR", tmp) // so we can see what a failed start leaves behind
	if _, err := StartReplica(context.Background(), primary, ReplicaOptions{}); err == nil ||
		!strings.Contains(err.Error(), "not running") {
		t.Errorf("replica of a stopped primary: err = %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("failed StartReplica left %d entries in TMPDIR, e.g. %s", len(left), left[0].Name())
	}
}

// TestStandbyOfAnotherPrimaryIsRefused: a standby cloned from one cluster
// cannot follow another; StartReplica says so at once, before starting it
// (so the refusal cannot depend on what the standby logs, and when), and
// keeps the directory, which is not ours to throw away.
func TestStandbyOfAnotherPrimaryIsRefused(t *testing.T) {
	replicaDir := filepath.Join(reachableTempDir(t), "replica")
	stopT(t, startReplicaT(t, startT(t, Options{}), ReplicaOptions{Mode: Persistent, DataDir: replicaDir}))
	logBefore, err := os.ReadFile(filepath.Join(replicaDir, persistentLogName))
	if err != nil {
		t.Fatal(err)
	}
	other := startT(t, Options{})
	began := time.Now()
	_, err = StartReplica(context.Background(), other, ReplicaOptions{Mode: Persistent, DataDir: replicaDir})
	if err == nil || !strings.Contains(err.Error(), "another cluster") {
		t.Fatalf("StartReplica with another primary: err = %v, want a refusal naming the cause", err)
	}
	if took := time.Since(began); took > 20*time.Second {
		t.Errorf("the refusal took %v; it should not wait out the start timeout", took)
	}
	if _, err := os.Stat(filepath.Join(replicaDir, "standby.signal")); err != nil {
		t.Errorf("the refused standby was touched: %v", err)
	}
	// Starting a server rotates its log to .prev: a refusal decided before the start leaves both alone.
	if _, err := os.Stat(filepath.Join(replicaDir, persistentLogName+".prev")); !os.IsNotExist(err) {
		t.Errorf("the refused standby was started (its log was rotated; stat .prev: %v)", err)
	}
	if logAfter, err := os.ReadFile(filepath.Join(replicaDir, persistentLogName)); err != nil || string(logAfter) != string(logBefore) {
		t.Errorf("the refused standby's log changed (err %v): it was started", err)
	}
}
