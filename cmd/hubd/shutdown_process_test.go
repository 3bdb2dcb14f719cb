package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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
	s := serveFresh(t, "hubd-shutdown-test-*")
	srv, dataDir, bearer := s.srv, s.dataDir, s.token(t, "MASTER")
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

// slowClient is a raw connection that sends a request's headers (and the start of a chunked
// body that never ends, when body is set) and then nothing more.
type slowClient struct {
	conn  net.Conn
	start time.Time
}

func dialSlow(t *testing.T, base, head string) *slowClient {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	c := &slowClient{conn: conn, start: time.Now()}
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	return c
}

// slowBodyHead is a POST /api/v1/hubs whose chunk of 4096 bytes brings 12 and stops.
func slowBodyHead(bearer string) string {
	auth := ""
	if bearer != "" {
		auth = "Authorization: Bearer " + bearer + "\r\n"
	}
	return "POST /api/v1/hubs HTTP/1.1\r\nHost: hubd\r\n" + auth +
		"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n{\"hubName\":"
}

// answer waits up to within for the response and returns its status (0: the connection ended
// without one) and when it came.
func (c *slowClient) answer(within time.Duration) (int, time.Duration) {
	_ = c.conn.SetReadDeadline(time.Now().Add(within))
	res, err := http.ReadResponse(bufio.NewReader(c.conn), nil)
	if err != nil {
		return 0, time.Since(c.start)
	}
	if res.Header.Get("Content-Type") != "text/event-stream" { // a stream's body never ends
		_ = res.Body.Close()
	}
	return res.StatusCode, time.Since(c.start)
}

// TestServeCutsSlowBodiesAndStopsPromptly: a chunked body that never ends is cut off with a 408
// within the request timeout (5 s), a request without a token gets its 401 at once, and SIGTERM
// with such clients connected (a body that never ends, headers that never end, an event
// stream) exits 0 in a moment. Before, the first held its connection 30 s and got an empty
// reply, and SIGTERM waited the full shutdown timeout (15 s) and exited 1.
func TestServeCutsSlowBodiesAndStopsPromptly(t *testing.T) {
	s := serveFresh(t, "hubd-slow-test-*")
	srv, dataDir, master, server := s.srv, s.dataDir, s.token(t, "MASTER"), s.token(t, "SERVER")

	timeout, anonymous := dialSlow(t, srv.url, slowBodyHead(master)), dialSlow(t, srv.url, slowBodyHead(""))
	if code, took := anonymous.answer(3 * time.Second); code != http.StatusUnauthorized || took > time.Second {
		t.Errorf("without a token: %d after %v, want a 401 at once", code, took)
	} else {
		t.Logf("a never-ending body without a token: 401 after %v", took)
	}
	if code, took := timeout.answer(10 * time.Second); code != http.StatusRequestTimeout || took < 5*time.Second || took > 6*time.Second {
		t.Errorf("a never-ending body: %d after %v, want a 408 after the request timeout (5 s)", code, took)
	} else {
		t.Logf("a never-ending body: 408 after %v", took)
	}

	body := dialSlow(t, srv.url, slowBodyHead(master))
	headers := dialSlow(t, srv.url, "GET /api/v1/hubs HTTP/1.1\r\nHost: hubd\r\nAuthorization: Bearer ")
	stream := dialSlow(t, srv.url, "GET /api/v1/hub-events/stream HTTP/1.1\r\nHost: hubd\r\nAuthorization: Bearer "+server+"\r\n\r\n")
	if code, _ := stream.answer(5 * time.Second); code != http.StatusOK {
		t.Fatalf("stream: %d", code)
	}
	time.Sleep(300 * time.Millisecond) // the slow body is in its handler by now
	start := time.Now()
	srv.stop(t) // requires exit 0
	exit := time.Since(start)
	t.Logf("SIGTERM with a never-ending body, never-ending headers and a stream connected: exit 0 after %v", exit)
	if exit > 5*time.Second {
		t.Errorf("hubd took %v to exit on SIGTERM, want a moment", exit)
	}
	if code, _ := body.answer(time.Second); code != http.StatusServiceUnavailable {
		t.Errorf("the never-ending body at shutdown: %d, want 503", code)
	}
	_ = headers.conn.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := headers.conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("the never-ending headers' connection after the exit: %v, want it closed", err)
	}
	requireNoPostgres(t, dataDir, filepath.Join(dataDir, "postgres"))
}
