package main

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/db"
)

// TestServeProcess runs the real binary the way an operator would: a first start on an empty
// data dir (local PostgreSQL, migrations, the 17 hubs), a token from `hubd token`, a search,
// SIGTERM with nothing left running, the maintenance commands, then a second start that finds
// the data (and the dev secret) again. It needs the PostgreSQL server binaries and never skips.
func TestServeProcess(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-serve-test-*")
	dataDir := filepath.Join(root, "data")
	clusterDir := filepath.Join(dataDir, "postgres")
	// Port 0: the kernel picks a free port and hubd must print the one it got.
	env := hubdEnv("HUBD_DATA_DIR="+dataDir, "HUBD_HTTP_ADDR=127.0.0.1:0")

	first := startServe(t, bin, root, env)
	if !strings.HasPrefix(first.url, "http://127.0.0.1:") || strings.HasSuffix(first.url, ":0") {
		t.Fatalf("hubd printed %q, want the bound loopback address", first.url)
	}
	waitReady(t, first.url, 90*time.Second)
	// The token command serve prints runs as printed in serve's directory, without serve's
	// environment: the binary by its path, the data dir named because it is not the default.
	if line, want := first.nextLine(t), "console: "+first.url+"/console/"; line != want {
		t.Errorf("serve printed %q, want %q", line, want)
	}
	hint := first.nextLine(t)
	wantHint := "get a token: " + bin + " token --role MASTER --data-dir ./data"
	if hint != wantHint {
		t.Errorf("serve printed %q, want %q", hint, wantHint)
	}
	printed := strings.Fields(strings.TrimPrefix(hint, "get a token: "))
	bearer := strings.TrimSpace(runHubd(t, printed[0], root, hubdEnv(), printed[1:]...))

	var gyeonggi page
	get(t, first.url+"/api/v1/hubs?"+url.Values{"hubName": {"경기"}, "sort": {"hubName"}}.Encode(), bearer, &gyeonggi)
	if want := `["경기 남부 센터" "경기 북부 센터"]`; gyeonggi.names() != want || gyeonggi.Page.TotalElements != 2 {
		t.Errorf("search 경기 = %s (total %d), want %s (total 2)", gyeonggi.names(), gyeonggi.Page.TotalElements, want)
	}
	var all page
	get(t, first.url+"/api/v1/hubs?size=100", bearer, &all)
	if all.Page.TotalElements != 17 || len(all.Content) != 17 {
		t.Errorf("first start holds %d hubs (%d on the page), want 17", all.Page.TotalElements, len(all.Content))
	}
	// The 18 reference connections, both ways, loaded after the hubs.
	var routes page
	get(t, first.url+"/api/v1/hub-routes?size=1", bearer, &routes)
	if routes.Page.TotalElements != 36 {
		t.Errorf("first start holds %d live routes, want 36", routes.Page.TotalElements)
	}
	first.stop(t)
	if len(first.stdout) != 3 {
		t.Errorf("serve printed %q, want the address line, the console's URL and the token command only", first.stdout)
	}
	// A clean stop logs no error, not even a null one.
	if log := first.stderr.String(); !strings.Contains(log, "pglocal: server stopped") ||
		strings.Contains(log, `"err":null`) || strings.Contains(log, `"error":null`) {
		t.Errorf("the log of a clean stop lacks \"server stopped\" or holds a null error:\n%s", log)
	}
	requireNoPostgres(t, dataDir, clusterDir)

	if out, want := runHubd(t, bin, root, env, "migrate", "version"), fmt.Sprintf("version %d (clean)\n", latestMigration(t)); out != want {
		t.Errorf("hubd migrate version = %q", out)
	}
	if out := runHubd(t, bin, root, env, "seed"); out != "seeded 0 hubs, 17 already present; 0 routes, 36 already present or without live hubs\n" {
		t.Errorf("hubd seed = %q", out)
	}
	requireNoPostgres(t, dataDir, clusterDir)

	second := startServe(t, bin, root, env)
	waitReady(t, second.url, 90*time.Second)
	get(t, second.url+"/api/v1/hubs?size=100", bearer, &all) // the first token: the secret persisted
	if all.Page.TotalElements != 17 {
		t.Errorf("second start holds %d hubs, want the same 17 (not seeded twice)", all.Page.TotalElements)
	}
	second.stop(t)
	requireNoPostgres(t, dataDir, clusterDir)
}

// latestMigration is the highest version among the embedded migrations.
func latestMigration(t *testing.T) int {
	t.Helper()
	files, err := fs.Glob(db.Migrations, db.MigrationsDir+"/*.up.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations: %v", err)
	}
	latest := 0
	for _, f := range files {
		n, err := strconv.Atoi(strings.SplitN(path.Base(f), "_", 2)[0])
		if err != nil {
			t.Fatalf("migration %s: %v", f, err)
		}
		latest = max(latest, n)
	}
	return latest
}
