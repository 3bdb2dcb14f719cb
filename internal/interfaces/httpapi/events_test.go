package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
)

type feedBody struct {
	Events []struct {
		Seq     int64     `json:"seq"`
		Type    string    `json:"type"`
		HubID   uuid.UUID `json:"hubId"`
		Version int64     `json:"version"`
		Actor   uuid.UUID `json:"actor"`
		Hub     struct {
			HubName   string `json:"hubName"`
			Version   int64  `json:"version"`
			IsDeleted bool   `json:"isDeleted"`
		} `json:"hub"`
	} `json:"events"`
	NextAfter int64 `json:"nextAfter"`
}

func TestEvents_Feed(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	id := en.createHub("피드 센터", nil)
	path := "/api/v1/hubs/" + id.String()
	en.master("PATCH", path, `{"hubName":"피드 허브"}`)
	en.master("DELETE", path, "")
	en.master("POST", path+"/restore", "")

	var all feedBody
	en.as(access.Server, uuid.New(), "GET", "/api/v1/hub-events", "").decode(t, &all)
	var types []string
	for i, e := range all.Events {
		types = append(types, e.Type)
		if e.HubID != id || e.Version != int64(i+1) || e.Hub.Version != e.Version || e.Actor != masterID {
			t.Errorf("event %d: %+v", i, e)
		}
	}
	if !slices.Equal(types, []string{"hub.created", "hub.updated", "hub.deleted", "hub.restored"}) ||
		all.Events[1].Hub.HubName != "피드 허브" || !all.Events[2].Hub.IsDeleted || all.NextAfter != all.Events[3].Seq {
		t.Fatalf("feed: %+v", all)
	}

	var first, rest, none feedBody
	en.master("GET", "/api/v1/hub-events?limit=2", "").decode(t, &first)
	en.master("GET", fmt.Sprintf("/api/v1/hub-events?after=%d", first.NextAfter), "").decode(t, &rest)
	en.master("GET", fmt.Sprintf("/api/v1/hub-events?after=%d", rest.NextAfter), "").decode(t, &none)
	if len(first.Events) != 2 || len(rest.Events) != 2 || rest.Events[0].Seq != all.Events[2].Seq ||
		len(none.Events) != 0 || none.NextAfter != rest.NextAfter {
		t.Errorf("paging the feed: %+v / %+v / %+v", first, rest, none)
	}

	for _, role := range access.Roles {
		want := 403
		if role == access.Master || role == access.Server {
			want = 200
		}
		if r := en.as(role, uuid.New(), "GET", "/api/v1/hub-events", ""); r.Code != want {
			t.Errorf("%s: %d, want %d", role, r.Code, want)
		}
	}
	for query, param := range map[string]string{"after=-1": "after", "after=x": "after", "limit=0": "limit", "limit=1001": "limit"} {
		p := expectProblem(t, en.master("GET", "/api/v1/hub-events?"+query, ""), 400, "INVALID_PARAMETER")
		if len(p.Errors) != 1 || p.Errors[0].Field != param {
			t.Errorf("%s: %+v", query, p)
		}
	}
}

// sseClient reads a Server-Sent Events stream line by line.
type sseClient struct {
	res    *http.Response
	lines  chan string
	cancel context.CancelFunc
}

func (en *env) stream(t *testing.T, srv *httptest.Server, lastEventID string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/hub-events/stream", nil)
	req.Header.Set("Authorization", "Bearer "+en.token(access.Server, uuid.New()))
	if lastEventID != "" {
		req.Header.Set("Last-Event-ID", lastEventID)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	c := &sseClient{res: res, lines: make(chan string, 100), cancel: cancel}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() { c.cancel(); _ = c.res.Body.Close() }

// next returns the next event's id, type and hub name, failing after a timeout.
func (c *sseClient) next(t *testing.T) (id, typ, name string) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				t.Fatal("stream ended")
			}
			switch {
			case strings.HasPrefix(line, "id: "):
				id = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "event: "):
				typ = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				var e struct {
					Hub struct{ HubName string } `json:"hub"`
				}
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e); err != nil {
					t.Fatal(err)
				}
				name = e.Hub.HubName
			case line == "" && id != "":
				return id, typ, name
			}
		case <-timeout:
			t.Fatal("no event within 5 s")
		}
	}
}

// TestEvents_StreamLiveResumeAndShutdown: events arrive as they happen (woken by NOTIFY: the
// heartbeat is a minute), a reconnect with Last-Event-ID gets exactly what was missed, and the
// stream ends when the server shuts down.
func TestEvents_StreamLiveResumeAndShutdown(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	srv := httptest.NewServer(en.e)
	defer srv.Close()
	en.createHub("before", nil) // history: a new stream starts from the beginning

	s := en.stream(t, srv, "")
	if _, typ, name := s.next(t); typ != "hub.created" || name != "before" {
		t.Fatalf("history: %s %s", typ, name)
	}
	start := time.Now()
	en.createHub("live 1", nil)
	lastID, _, name := s.next(t)
	if name != "live 1" || time.Since(start) > 3*time.Second {
		t.Fatalf("live event %q after %v", name, time.Since(start))
	}
	s.close()

	en.createHub("missed 1", nil)
	en.createHub("missed 2", nil)
	s = en.stream(t, srv, lastID)
	var got []string
	for range 2 {
		_, _, name := s.next(t)
		got = append(got, name)
	}
	en.createHub("live 2", nil)
	_, _, name = s.next(t)
	if got = append(got, name); !slices.Equal(got, []string{"missed 1", "missed 2", "live 2"}) {
		t.Errorf("after reconnecting with Last-Event-ID %s: %v", lastID, got)
	}

	close(en.done) // what serve does on SIGTERM
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-s.lines:
			if !ok {
				return // the stream ended
			}
		case <-deadline:
			t.Fatal("the stream did not end on shutdown")
		}
	}
}
