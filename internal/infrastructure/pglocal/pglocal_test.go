package pglocal

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the machine's real PostgreSQL binaries. Missing binaries
// are a test failure, never a skip: a silently skipped suite would hide a
// broken CI image.

// testLogger routes the launcher's lifecycle logs to the test output, where
// they explain a failure (or, with -v, which retries happened).
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

func startT(t *testing.T, opts Options) *Server {
	t.Helper()
	opts.Logger = testLogger(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start(%v): %v", opts.Mode, err)
	}
	t.Cleanup(func() { stopT(t, s) })
	return s
}

func stopT(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
}

func openT(t *testing.T, s *Server, database string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", s.DSN(database))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryString(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var v string
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// reachableTempDir returns a t.TempDir the postgres OS user can traverse:
// the testing package creates it (and its parent) 0700 owned by root.
func reachableTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func assertProcessGone(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("postmaster %d still exists after Stop (kill 0: %v)", pid, err)
	}
	if err := syscall.Kill(-pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("process group %d still has members after Stop (kill 0: %v)", pid, err)
	}
}

func TestBinariesInstalled(t *testing.T) {
	dir, err := FindBinDir()
	if err != nil {
		t.Fatalf("this suite needs PostgreSQL server binaries: %v", err)
	}
	t.Logf("using %s", dir)
}

func TestThrowaway(t *testing.T) {
	s := startT(t, Options{Mode: Throwaway})
	db := openT(t, s, "postgres")
	if v := queryString(t, db, "SELECT version()"); !strings.HasPrefix(v, "PostgreSQL ") {
		t.Errorf("version() = %q", v)
	}
	for setting, want := range map[string]string{
		"fsync":              "off",
		"synchronous_commit": "off",
		"full_page_writes":   "off",
		"listen_addresses":   "127.0.0.1",
		"server_encoding":    "UTF8",
		"max_connections":    "200",
	} {
		if got := queryString(t, db, "SHOW "+setting); got != want {
			t.Errorf("SHOW %s = %q, want %q", setting, got, want)
		}
	}
	collation := queryString(t, db, "SELECT datcollate FROM pg_database WHERE datname = current_database()")
	if collation != "C.UTF-8" {
		t.Errorf("datcollate = %q, want C.UTF-8", collation)
	}
	db.Close()

	pid, root, data := s.proc.pid, s.lay.root, s.DataDir()
	if filepath.Dir(data) != root || !strings.HasPrefix(filepath.Base(root), "hubd-pg-") {
		t.Errorf("unexpected layout: root %s data %s", root, data)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	assertProcessGone(t, pid)
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("temp root %s still exists after Stop (stat: %v)", root, err)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Errorf("second Stop = %v, want nil", err)
	}
}

func TestPersistentKeepsDataAcrossRestarts(t *testing.T) {
	dataDir := filepath.Join(reachableTempDir(t), "nested", "cluster")
	s := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	if s.DataDir() != dataDir {
		t.Errorf("DataDir() = %s, want %s", s.DataDir(), dataDir)
	}
	db := openT(t, s, "postgres")
	if got := queryString(t, db, "SHOW fsync"); got != "on" {
		t.Errorf("persistent SHOW fsync = %q, want on", got)
	}
	if _, err := db.Exec(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survivor')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	stopT(t, s)
	if os.Geteuid() == 0 {
		// As if restored by root: Start must hand every file back.
		chownAll(t, dataDir, 0, 0)
	}

	s2 := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	if got := queryString(t, openT(t, s2, "postgres"), "SELECT v FROM kept"); got != "survivor" {
		t.Errorf("after restart got %q, want survivor", got)
	}
	pid := s2.proc.pid
	stopT(t, s2)
	assertProcessGone(t, pid)
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err != nil {
		t.Errorf("persistent cluster gone after Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, persistentLogName+".prev")); err != nil {
		t.Errorf("previous run's log not kept: %v", err)
	}
}

func chownAll(t *testing.T, root string, uid, gid int) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStopEscalatesWhenContextIsDone(t *testing.T) {
	s := startT(t, Options{})
	pid, root := s.proc.pid, s.lay.root
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Stop(ctx); err == nil || !strings.Contains(err.Error(), "immediate shutdown") {
		t.Errorf("Stop(cancelled ctx) = %v, want an error reporting immediate shutdown", err)
	}
	assertProcessGone(t, pid)
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("temp root %s still exists after Stop (stat: %v)", root, err)
	}
}

func TestPersistentRecoversFromUncleanStop(t *testing.T) {
	dataDir := filepath.Join(reachableTempDir(t), "cluster")
	s := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	db := openT(t, s, "postgres")
	if _, err := db.Exec(`CREATE TABLE t (n int); INSERT INTO t VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	// Simulate our crash as Pdeathsig sees it: only the postmaster is
	// killed, leaving a stale postmaster.pid and an orphaned backend. The
	// backend is frozen for a while so that it provably still holds the
	// shared memory when the new server starts, which must then wait.
	db.SetMaxOpenConns(1)
	backend, err := strconv.Atoi(queryString(t, db, "SELECT pg_backend_pid()::text"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(backend, syscall.SIGKILL) })
	if err := syscall.Kill(backend, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(s.proc.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.proc.done
	if _, err := os.Stat(filepath.Join(dataDir, "postmaster.pid")); err != nil {
		t.Fatalf("expected a stale postmaster.pid: %v", err)
	}
	thaw := time.AfterFunc(time.Second, func() { _ = syscall.Kill(backend, syscall.SIGCONT) })
	defer thaw.Stop()

	s2 := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	if got := queryString(t, openT(t, s2, "postgres"), "SELECT n::text FROM t"); got != "42" {
		t.Errorf("after crash recovery got %q, want 42", got)
	}
	if err := s.Stop(context.Background()); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("Stop of a crashed server = %v, want an error reporting the kill", err)
	}
}

func TestPersistentDirInUse(t *testing.T) {
	dataDir := filepath.Join(reachableTempDir(t), "cluster")
	s := startT(t, Options{Mode: Persistent, DataDir: dataDir})
	_, err := Start(context.Background(), Options{Mode: Persistent, DataDir: dataDir})
	if err == nil {
		t.Fatal("second server on the same data dir started")
	}
	if !strings.Contains(err.Error(), "postmaster.pid") {
		t.Errorf("error should surface the server log about the lock file, got: %v", err)
	}
	if got := queryString(t, openT(t, s, "postgres"), "SELECT 'alive'"); got != "alive" {
		t.Errorf("first server broken: %q", got)
	}
}

func TestTwoThrowawayServersAtOnce(t *testing.T) {
	servers := make([]*Server, 2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range servers {
		wg.Go(func() { servers[i], errs[i] = Start(context.Background(), Options{}) })
	}
	wg.Wait()
	for i, s := range servers {
		if s != nil {
			t.Cleanup(func() { stopT(t, s) })
		}
		if errs[i] != nil {
			t.Fatalf("server %d: %v", i, errs[i])
		}
	}
	if servers[0].Port() == servers[1].Port() {
		t.Fatalf("both servers on port %d", servers[0].Port())
	}
	for i, s := range servers {
		db := openT(t, s, "postgres")
		if _, err := db.Exec(`CREATE DATABASE app`); err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
		if got := queryString(t, openT(t, s, "app"), "SELECT current_database()"); got != "app" {
			t.Errorf("server %d: current_database() = %q", i, got)
		}
	}
}

func TestFixedPortTaken(t *testing.T) {
	tmp := reachableTempDir(t)
	t.Setenv("TMPDIR", tmp) // so we can see exactly what Start leaves behind
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, err := Start(context.Background(), Options{Port: ln.Addr().(*net.TCPAddr).Port})
	if err == nil {
		stopT(t, s)
		t.Fatal("Start succeeded on a port that is in use")
	}
	if !strings.Contains(err.Error(), "Address already in use") {
		t.Errorf("error should include the server log, got: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("failed Start left %d entries in TMPDIR, e.g. %s", len(left), left[0].Name())
	}
}

// TestUnreachableDataDirIsAClearError: as root, the server runs as the postgres user, which
// cannot pass through a 0700 root-owned parent: a clear error. As any other user the server runs
// as that user, who owns the directory: it must simply work.
func TestUnreachableDataDirIsAClearError(t *testing.T) {
	locked := t.TempDir() // 0700, owned by whoever runs the test
	dataDir := filepath.Join(locked, "cluster")
	srv, err := Start(context.Background(), Options{Mode: Persistent, DataDir: dataDir})
	if os.Geteuid() != 0 {
		if err != nil {
			t.Fatalf("not root: Start in our own 0700 dir failed: %v", err)
		}
		stopT(t, srv)
		return
	}
	if err == nil {
		stopT(t, srv)
		t.Fatal("Start succeeded with a data dir the postgres user cannot reach")
	}
	if !strings.Contains(err.Error(), locked) || !strings.Contains(err.Error(), "not searchable") {
		t.Errorf("error should name %s, got: %v", locked, err)
	}
}

func TestFindBinDirHonoursEnv(t *testing.T) {
	t.Setenv(binDirEnv, t.TempDir())
	_, err := FindBinDir()
	if !errors.Is(err, ErrBinariesNotFound) {
		t.Fatalf("err = %v, want ErrBinariesNotFound", err)
	}
	if !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Errorf("error lacks install hint: %v", err)
	}
}

func TestFindBinDirNothingInstalled(t *testing.T) {
	debianGlob = filepath.Join(t.TempDir(), "*", "bin")
	t.Cleanup(func() { debianGlob = "/usr/lib/postgresql/*/bin" })
	t.Setenv(binDirEnv, "")
	t.Setenv("PATH", t.TempDir())
	_, err := FindBinDir()
	if !errors.Is(err, ErrBinariesNotFound) {
		t.Fatalf("err = %v, want ErrBinariesNotFound", err)
	}
	if !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Errorf("error lacks install hint: %v", err)
	}
}

func fakeBinDir(t *testing.T, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindBinDirPicksHighestCompleteVersion(t *testing.T) {
	root := t.TempDir()
	debianGlob = filepath.Join(root, "*", "bin")
	t.Cleanup(func() { debianGlob = "/usr/lib/postgresql/*/bin" })
	t.Setenv(binDirEnv, "")
	fakeBinDir(t, filepath.Join(root, "9.6", "bin"), "initdb", "postgres")
	fakeBinDir(t, filepath.Join(root, "10", "bin"), "initdb", "postgres")
	fakeBinDir(t, filepath.Join(root, "16", "bin"), "initdb") // incomplete: skipped
	got, err := FindBinDir()
	if want := filepath.Join(root, "10", "bin"); err != nil || got != want {
		t.Fatalf("FindBinDir() = %q, %v; want %q", got, err, want)
	}
}

func TestFindBinDirFallsBackToPath(t *testing.T) {
	debianGlob = filepath.Join(t.TempDir(), "*", "bin")
	t.Cleanup(func() { debianGlob = "/usr/lib/postgresql/*/bin" })
	t.Setenv(binDirEnv, "")
	bin := t.TempDir()
	fakeBinDir(t, bin, "initdb", "postgres")
	t.Setenv("PATH", bin)
	if got, err := FindBinDir(); err != nil || got != bin {
		t.Fatalf("FindBinDir() = %q, %v; want %q", got, err, bin)
	}
}

func TestVersionLess(t *testing.T) {
	ordered := []string{"9.6", "10", "15", "16"}
	for i, a := range ordered {
		for j, b := range ordered {
			if got := versionLess(a, b); got != (i < j) {
				t.Errorf("versionLess(%s, %s) = %v", a, b, got)
			}
		}
	}
}

// TestSweepRemovesOnlyDeadOwnersThrowaways: a throwaway root left by a dead process is removed
// by the next throwaway start; one whose owner lives, or that has no owner file, stays.
func TestSweepRemovesOnlyDeadOwnersThrowaways(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	mk := func(owner string) string {
		root, err := os.MkdirTemp("", "hubd-pg-*")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(root) })
		if owner != "" {
			if err := os.WriteFile(filepath.Join(root, ownerFile), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	stale := mk(strconv.Itoa(dead.Process.Pid))
	alive := mk(strconv.Itoa(os.Getppid()))
	unowned := mk("")
	// A dead owner's root whose postmaster.pid names a live process (its server outlived it)
	// stays; one whose postmaster.pid names a dead process, before or after the port line is
	// written, goes.
	server := exec.Command("sleep", "60")
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = server.Process.Kill(); _ = server.Wait() })
	withPid := func(pidFile string) string {
		root := mk(strconv.Itoa(dead.Process.Pid))
		if err := os.MkdirAll(filepath.Join(root, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "data", "postmaster.pid"), []byte(pidFile), 0o600); err != nil {
			t.Fatal(err)
		}
		return root
	}
	serverLives := withPid(strconv.Itoa(server.Process.Pid) + "\n/data\n1700000000\n5432\n")
	serverLivesNoPort := withPid(strconv.Itoa(server.Process.Pid) + "\n")
	serverDead := withPid(strconv.Itoa(dead.Process.Pid) + "\n/data\n1700000000\n5432\n")
	srv, err := Start(context.Background(), Options{Mode: Throwaway})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	for _, gone := range []string{stale, serverDead} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("stale root %s survived: %v", gone, err)
		}
	}
	for _, keep := range []string{alive, unowned, serverLives, serverLivesNoPort} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("root %s was swept: %v", keep, err)
		}
	}
}

// chownTree hands over every file of the tree, symlinks included (the link, not its target),
// and nothing outside it: a link to elsewhere is not followed.
func TestChownTreeStaysInsideTheTree(t *testing.T) {
	uid, gid := os.Getuid(), os.Getgid()
	if uid == 0 {
		uid, gid = 4242, 4343 // any account: only the numbers are compared
	}
	root, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "target")
	for _, p := range []string{target, filepath.Join(root, "file"), filepath.Join(root, "sub", "file")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, to := range map[string]string{"link": target, "dirlink": outside} {
		if err := os.Symlink(to, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := (identity{switched: true, uid: uid, gid: gid}).chownTree(root); err != nil {
		t.Fatal(err)
	}
	owner := func(p string) [2]int {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		return [2]int{int(st.Uid), int(st.Gid)}
	}
	for _, p := range []string{".", "file", "sub", "sub/file", "link", "dirlink"} {
		if got := owner(filepath.Join(root, p)); got != [2]int{uid, gid} {
			t.Errorf("%s owned by %v, want %v", p, got, [2]int{uid, gid})
		}
	}
	for _, p := range []string{outside, target} {
		if got, want := owner(p), [2]int{os.Getuid(), os.Getgid()}; got != want {
			t.Errorf("%s outside the tree owned by %v, want %v (untouched)", p, got, want)
		}
	}
}

// A throwaway directory that cannot be removed after a failed step is reported with the step's
// error, not dropped: it is left on disk.
func TestDiscardAfterReportsWhatItCouldNotRemove(t *testing.T) {
	step := errors.New("the step failed")
	err := layout{root: t.TempDir() + "/."}.discardAfter(step) // RemoveAll refuses a path ending in "."
	if !errors.Is(err, step) || !strings.Contains(err.Error(), "remove temp dir") {
		t.Errorf("discardAfter = %v, want the step's error and the failed removal", err)
	}
	if err := (layout{}).discardAfter(step); err != step {
		t.Errorf("discardAfter without a throwaway dir = %v, want the step's error alone", err)
	}
}
