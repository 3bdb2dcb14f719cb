package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// scrape reads the figures the stream test watches from /metrics.
type scrape struct {
	goroutines, rss, shared, catchUp float64
}

func scrapeMetrics(t *testing.T, base string) scrape {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, _ := io.ReadAll(res.Body)
	var s scrape
	for _, line := range strings.Split(string(body), "\n") {
		name, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			s.goroutines = v
		case "process_resident_memory_bytes":
			s.rss = v
		case `hubd_event_feed_queries_total{reader="shared"}`:
			s.shared = v
		case `hubd_event_feed_queries_total{reader="catch_up"}`:
			s.catchUp = v
		}
	}
	if s.goroutines == 0 || s.rss == 0 {
		t.Fatalf("no go_goroutines or process_resident_memory_bytes in /metrics:\n%.2000s", body)
	}
	return s
}

func (s scrape) String() string {
	return fmt.Sprintf("%.0f goroutines, RSS %.1f MB, feed reads %.0f shared + %.0f catch-up",
		s.goroutines, s.rss/(1<<20), s.shared, s.catchUp)
}

// liveStream is one open event stream and the ids it has received.
type liveStream struct {
	ids chan int64
}

// openStreamAs opens GET /api/v1/hub-events/stream; a 200 is read line by line until the test
// ends, anything else is returned with its problem's code and Retry-After.
func openStreamAs(t *testing.T, ctx context.Context, client *http.Client, base, bearer string) (*liveStream, int, string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/hub-events/stream", nil)
	req.Header.Set("Authorization", "Bearer "+bearer)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		defer func() { _ = res.Body.Close() }()
		var p struct{ Code string }
		_ = json.NewDecoder(res.Body).Decode(&p)
		return nil, res.StatusCode, p.Code, res.Header.Get("Retry-After")
	}
	s := &liveStream{ids: make(chan int64, 64)}
	go func() {
		defer func() { _ = res.Body.Close() }()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				s.ids <- n
			}
		}
	}()
	return s, http.StatusOK, "", ""
}

// TestServeStreamCapsAndSharedRead runs the real binary with the stream caps at 100 in total
// and 60 per caller: the streams past a cap are refused (429 for the caller's, 503 for the
// service's, TOO_MANY_STREAMS with Retry-After), 500 more refused attempts leave goroutines and
// memory where they were, and each new event reaches all 100 streams with one read of the feed
// (not one per stream). Before, one caller held 3,000 streams (6,015 goroutines, 203 MB RSS),
// and one event made all of them read the feed at once.
func TestServeStreamCapsAndSharedRead(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-streams-test-*")
	env := hubdEnv("HUBD_DATA_DIR="+filepath.Join(root, "data"), "HUBD_HTTP_ADDR=127.0.0.1:0",
		"HUBD_MAX_STREAMS=100", "HUBD_MAX_STREAMS_PER_CALLER=60")
	srv := startServe(t, bin, root, env)
	waitReady(t, srv.url, 90*time.Second)
	token := func(role string) string {
		return strings.TrimSpace(runHubd(t, bin, root, env, "token", "--role", role, "--sub", uuid.NewString()))
	}
	master, alice, bob, carol := token("MASTER"), token("SERVER"), token("SERVER"), token("SERVER")
	var seeded page
	if get(t, srv.url+"/api/v1/hubs?size=1", master, &seeded); seeded.Page.TotalElements != 17 {
		t.Fatalf("%d hubs, want the 17 seeded ones", seeded.Page.TotalElements)
	}
	// The history: the seeded hubs' and routes' events (17 + 36).
	var history struct {
		Events []json.RawMessage `json:"events"`
	}
	if get(t, srv.url+"/api/v1/hub-events?limit=1000", master, &history); len(history.Events) != 17+36 {
		t.Fatalf("the feed holds %d events, want the 53 of the seed", len(history.Events))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	before := scrapeMetrics(t, srv.url)

	var streams []*liveStream
	open := func(bearer string, n int) {
		for range n {
			s, code, problem, _ := openStreamAs(t, ctx, client, srv.url, bearer)
			if code != http.StatusOK {
				t.Fatalf("stream %d within the caps: %d %s", len(streams)+1, code, problem)
			}
			streams = append(streams, s)
		}
	}
	refused := func(bearer string, want int) {
		t.Helper()
		if _, code, problem, retry := openStreamAs(t, ctx, client, srv.url, bearer); code != want || problem != "TOO_MANY_STREAMS" || retry == "" {
			t.Fatalf("past the cap: %d %s Retry-After %q, want %d TOO_MANY_STREAMS with Retry-After", code, problem, retry, want)
		}
	}
	open(alice, 60)
	refused(alice, http.StatusTooManyRequests)
	open(bob, 40)
	refused(carol, http.StatusServiceUnavailable)
	last := int64(0)
	for i, s := range streams { // every stream reads the history
		for range len(history.Events) {
			select {
			case id := <-s.ids:
				last = max(last, id)
			case <-time.After(10 * time.Second):
				t.Fatalf("stream %d did not get the %d events of the history", i, len(history.Events))
			}
		}
	}
	capped := scrapeMetrics(t, srv.url)
	for i := range 500 {
		refused([]string{alice, carol}[i%2], []int{http.StatusTooManyRequests, http.StatusServiceUnavailable}[i%2])
	}
	time.Sleep(200 * time.Millisecond) // the refused connections' goroutines wind down
	afterRefusals := scrapeMetrics(t, srv.url)

	start := time.Now()
	for e := range 5 {
		req, _ := http.NewRequest("POST", srv.url+"/api/v1/hubs",
			strings.NewReader(fmt.Sprintf(`{"hubName":"흐름 센터 %d","address":{"address1":"주소"}}`, e)))
		req.Header.Set("Authorization", "Bearer "+master)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d", res.StatusCode)
		}
		var want int64
		for i, s := range streams {
			select {
			case id := <-s.ids:
				if id <= last || (want != 0 && id != want) {
					t.Fatalf("stream %d: event %d after %d (others got %d)", i, id, last, want)
				}
				want = id
			case <-time.After(10 * time.Second):
				t.Fatalf("stream %d did not get event %d", i, e)
			}
		}
		last = want
	}
	events := scrapeMetrics(t, srv.url)
	heartbeats := float64(time.Since(start)/(15*time.Second)) + 1

	t.Logf("before any stream:             %v", before)
	t.Logf("100 streams, the caps reached: %v", capped)
	t.Logf("after 500 refused streams:     %v", afterRefusals)
	t.Logf("after 5 events to 100 streams: %v", events)
	if g := capped.goroutines - before.goroutines; g > 2*100+20 {
		t.Errorf("100 streams cost %.0f goroutines, want about 2 each", g)
	}
	if g, m := afterRefusals.goroutines-capped.goroutines, (afterRefusals.rss-capped.rss)/(1<<20); g > 10 || m > 16 {
		t.Errorf("500 refused streams left %.0f goroutines and %.1f MB more", g, m)
	}
	if c := capped.catchUp - before.catchUp; c > 5 {
		t.Errorf("100 streams from the start read the feed %.0f times for themselves, want about 1", c)
	}
	if s, c := events.shared-afterRefusals.shared, events.catchUp-afterRefusals.catchUp; s < 5 || s > 5+heartbeats || c != 0 {
		t.Errorf("5 events to 100 streams: %.0f shared reads (want 5, +%.0f for heartbeats) and %.0f own", s, heartbeats, c)
	}
	cancel()
	srv.stop(t)
}
