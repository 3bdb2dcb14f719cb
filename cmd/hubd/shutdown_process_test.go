package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeShutdownFinishesRequestsInFlight: SIGTERM while slow requests are in flight (three
// PATCHes waiting on a row lock): new connections are refused at once, the slow requests still
// complete with 200 once the lock goes, and the process exits 0.
func TestServeShutdownFinishesRequestsInFlight(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-shutdown-test-*")
	dataDir := filepath.Join(root, "data")
	env := hubdEnv("HUBD_DATA_DIR="+dataDir, "HUBD_HTTP_ADDR=127.0.0.1:0")
	srv := startServe(t, bin, root, env)
	waitReady(t, srv.url, 90*time.Second)
	bearer := strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", "MASTER"))
	var one page
	get(t, srv.url+"/api/v1/hubs?size=1", bearer, &one)
	if len(one.Content) != 1 {
		t.Fatalf("no hub to patch: %+v", one)
	}
	hubPath := srv.url + "/api/v1/hubs/" + one.Content[0].HubID

	pid, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	port := strings.Split(string(pid), "\n")[3]
	db, err := sql.Open("postgres", fmt.Sprintf("postgres://postgres@127.0.0.1:%s/hubd?sslmode=disable", port))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lock, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec("SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE", one.Content[0].HubID); err != nil {
		t.Fatal(err)
	}

	codes := make(chan int, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("PATCH", hubPath, strings.NewReader(fmt.Sprintf(`{"address":{"address2":"in flight %d"}}`, i)))
			req.Header.Set("Authorization", "Bearer "+bearer)
			req.Header.Set("Content-Type", "application/merge-patch+json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("in-flight request %d: %v", i, err)
				codes <- 0
				return
			}
			_ = res.Body.Close() // only the status counts
			codes <- res.StatusCode
		}()
	}
	time.Sleep(500 * time.Millisecond) // the three are now waiting on the lock
	stopped := make(chan struct{})
	go func() { srv.stop(t); close(stopped) }()
	time.Sleep(300 * time.Millisecond)
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}
	if res, err := fresh.Get(srv.url + "/livez"); err == nil {
		_ = res.Body.Close() // only the status counts
		t.Errorf("a new request after SIGTERM was served: %d", res.StatusCode)
	}
	select {
	case <-stopped:
		t.Fatal("hubd exited before its requests in flight finished")
	default:
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a request in flight at SIGTERM ended with %d, want 200", c)
		}
	}
	select {
	case <-stopped: // stop checked exit code 0
	case <-time.After(30 * time.Second):
		t.Fatal("hubd did not exit after its requests finished")
	}
	requireNoPostgres(t, dataDir, filepath.Join(dataDir, "postgres"))
}
