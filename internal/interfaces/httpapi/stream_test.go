package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// openStream starts a stream as sub and returns its response, closed when the test ends;
// query ("" or "?after=…") is the stream's.
func (en *env) openStream(t *testing.T, srv *httptest.Server, sub uuid.UUID, query string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/hub-events/stream"+query, nil)
	req.Header.Set("Authorization", "Bearer "+en.token(access.Server, sub))
	res, err := srv.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = res.Body.Close() })
	return res
}

// feedQueries reads hubd_event_feed_queries_total{reader} from /metrics.
func (en *env) feedQueries(t *testing.T, reader string) int {
	t.Helper()
	r := en.do("GET", "/metrics", "")
	prefix := `hubd_event_feed_queries_total{reader="` + reader + `"} `
	for _, line := range strings.Split(string(r.Body), "\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
	}
	t.Fatalf("no %s in /metrics", prefix)
	return 0
}

// TestStream_Caps: past a caller's cap a stream is 429 TOO_MANY_STREAMS, past the service's
// 503, both with Retry-After and as the OpenAPI document says; a closed stream frees its place.
func TestStream_Caps(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.MaxStreams, c.MaxStreamsPerCaller = 3, 2 })
	srv := httptest.NewServer(en.e)
	t.Cleanup(srv.Close) // after the streams' own cleanups have closed them
	alice, bob := uuid.New(), uuid.New()
	first := en.openStream(t, srv, alice, "")
	for _, r := range []*http.Response{first, en.openStream(t, srv, alice, ""), en.openStream(t, srv, bob, "")} {
		if r.StatusCode != http.StatusOK {
			t.Fatalf("within the caps: %d", r.StatusCode)
		}
	}
	expectProblem(t, en.as(access.Server, alice, "GET", "/api/v1/hub-events/stream", ""), http.StatusTooManyRequests, httpapi.CodeTooManyStreams)
	full := en.as(access.Server, uuid.New(), "GET", "/api/v1/hub-events/stream", "")
	expectProblem(t, full, http.StatusServiceUnavailable, httpapi.CodeTooManyStreams)
	if full.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if r := en.as(access.Server, alice, "GET", "/api/v1/hub-events/stream", ""); r.Header.Get("Retry-After") != "5" {
		t.Errorf("429 Retry-After %q", r.Header.Get("Retry-After"))
	}
	_ = first.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := en.openStream(t, srv, alice, "")
		if r.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream did not free its place: %d", r.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStream_ManyStreamsShareOneRead: 30 streams from the start of the feed, then 5 new events:
// every stream gets every event in order, and the feed is read once per event, not once per
// stream (hubd_event_feed_queries_total).
func TestStream_ManyStreamsShareOneRead(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	srv := httptest.NewServer(en.e)
	t.Cleanup(srv.Close) // after the streams' own cleanups have closed them
	en.createHub("공유 0", nil)
	const streams = 30
	got := make([]chan string, streams)
	var wg sync.WaitGroup
	for i := range streams {
		res := en.openStream(t, srv, uuid.New(), "")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", i, res.StatusCode)
		}
		got[i] = make(chan string, 16)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(res.Body)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
					got[i] <- id
				}
			}
		}()
	}
	next := func(i int) string {
		select {
		case id := <-got[i]:
			return id
		case <-time.After(5 * time.Second):
			t.Fatalf("stream %d: no event within 5 s", i)
			return ""
		}
	}
	first := next(0)
	for i := 1; i < streams; i++ {
		if id := next(i); id != first {
			t.Fatalf("stream %d starts at %s, stream 0 at %s", i, id, first)
		}
	}
	shared, catchUp := en.feedQueries(t, "shared"), en.feedQueries(t, "catch_up")
	last, _ := strconv.Atoi(first)
	for e := range 5 {
		en.createHub(fmt.Sprintf("공유 %d", e+1), nil)
		var want string
		for i := range streams {
			id := next(i)
			if n, _ := strconv.Atoi(id); n <= last {
				t.Fatalf("stream %d: event %s after %d", i, id, last)
			}
			if i == 0 {
				want = id
			} else if id != want {
				t.Fatalf("stream %d got %s, stream 0 %s", i, id, want)
			}
		}
		last, _ = strconv.Atoi(want)
	}
	s, c := en.feedQueries(t, "shared")-shared, en.feedQueries(t, "catch_up")-catchUp
	t.Logf("%d streams, 5 events: %d shared reads of the feed, %d of a stream's own", streams, s, c)
	// One read per event, and on a loaded machine the odd extra wake-up (a heartbeat, a
	// notification that found nothing new); reading per stream would be 5 x 30 = 150.
	if s < 5 || s > 10 || c != 0 {
		t.Errorf("5 events for %d streams: %d shared reads and %d own, want about one shared read each", streams, s, c)
	}
}

// TestStream_OutlivesAServerReadTimeout: a server-wide ReadTimeout, which hubd serve sets, does
// not end a stream (net/http lifts it while it watches for the client leaving): an event after
// it still arrives.
func TestStream_OutlivesAServerReadTimeout(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	srv := httptest.NewUnstartedServer(en.e)
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	s := en.stream(t, srv, "")
	time.Sleep(time.Second)
	en.createHub("오래 센터", nil)
	if _, _, name := s.next(t); name != "오래 센터" {
		t.Errorf("after the read timeout: %q", name)
	}
}
