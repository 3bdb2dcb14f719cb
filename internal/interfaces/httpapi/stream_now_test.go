package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// TestStream_AfterNow: after=now starts at the feed's current end: the hubs created before are
// not sent, the one created after is the first event; Last-Event-ID still wins; anything else
// than a seq or now is 400, and a role that may not follow the feed is 403 before any read.
func TestStream_AfterNow(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.createHub("지금 전 하나", nil)
	en.createHub("지금 전 둘", nil)
	srv := httptest.NewServer(en.e)
	t.Cleanup(srv.Close)

	// open starts a MASTER's stream with query, resuming after lastEventID unless it is "".
	open := func(query, lastEventID string) *bufio.Reader {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/hub-events/stream"+query, nil)
		req.Header.Set("Authorization", "Bearer "+en.token(access.Master, masterID))
		if lastEventID != "" {
			req.Header.Set("Last-Event-ID", lastEventID)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = res.Body.Close() })
		if res.StatusCode != http.StatusOK {
			t.Fatalf("stream%s: %d", query, res.StatusCode)
		}
		return bufio.NewReader(res.Body)
	}
	// firstEvent is the id and data of the next event, skipping comments.
	firstEvent := func(rd *bufio.Reader) (int64, string) {
		t.Helper()
		var id int64
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatalf("stream ended before an event: %v", err)
			}
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "id: "); ok {
				id, _ = strconv.ParseInt(v, 10, 64)
			}
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "data: "); ok {
				return id, v
			}
		}
	}

	now := open("?after=now", "")
	after := en.createHub("지금 후", nil)
	seq, data := firstEvent(now)
	var e struct {
		Type string `json:"type"`
		Hub  struct {
			HubID string `json:"hubId"`
		} `json:"hub"`
	}
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		t.Fatal(err)
	}
	if e.Type != "hub.created" || e.Hub.HubID != after.String() || seq != 3 {
		t.Errorf("first event after=now: seq %d %s of %s, want seq 3 hub.created of %s", seq, e.Type, e.Hub.HubID, after)
	}
	en.createHub("지금 후 또", nil) // the next event is the next one: seq 3 came once
	if seq, _ := firstEvent(now); seq != 4 {
		t.Errorf("the event after the first after=now: seq %d, want 4", seq)
	}

	// A reconnect's Last-Event-ID resumes where it was, whatever after= says.
	resumed := open("?after=now", "1")
	if seq, _ := firstEvent(resumed); seq != 2 {
		t.Errorf("Last-Event-ID 1 with after=now: first seq %d, want 2", seq)
	}

	for _, bad := range []string{"?after=NOW", "?after=later", "?after=-1"} {
		r := en.as(access.Master, masterID, "GET", "/api/v1/hub-events/stream"+bad, "")
		p := expectProblem(t, r, http.StatusBadRequest, httpapi.CodeInvalidParameter)
		if len(p.Errors) != 1 || p.Errors[0].Field != "after" || !strings.Contains(p.Errors[0].Message, "now") {
			t.Errorf("%s: errors %+v, want after naming now", bad, p.Errors)
		}
	}
	expectProblem(t, en.as(access.HubManager, masterID, "GET", "/api/v1/hub-events/stream?after=now", ""), http.StatusForbidden, httpapi.CodeForbidden)
	if r := en.as(access.Master, masterID, "HEAD", "/api/v1/hub-events/stream?after=now", ""); r.Code != http.StatusOK {
		t.Errorf("HEAD after=now: %d", r.Code)
	}
}

// TestStream_AfterNowCapsFirst: an after=now stream past a cap is refused (429 for the caller's,
// 503 for the service's) before the feed's head is read; one within the caps reads it once.
func TestStream_AfterNowCapsFirst(t *testing.T) {
	t.Parallel()
	log := &apptest.HeadCounting{}
	en := newEnv(t, func(c *httpapi.Config) {
		c.MaxStreams, c.MaxStreamsPerCaller = 2, 1
		var err error
		if c.Feed, err = feed.NewHandler(log); err != nil {
			t.Fatal(err)
		}
	})
	log.Log = postgres.NewStore(en.db)
	en.createHub("한도 전", nil)
	srv := httptest.NewServer(en.e)
	t.Cleanup(srv.Close)
	alice, bob := uuid.New(), uuid.New()
	open := func(sub uuid.UUID, query string) {
		t.Helper()
		if res := en.openStream(t, srv, sub, query); res.StatusCode != http.StatusOK {
			t.Fatalf("stream%s within the caps: %d", query, res.StatusCode)
		}
	}

	open(alice, "?after=now")
	if n := log.Heads(); n != 1 {
		t.Fatalf("one after=now stream read the head %d times, want 1", n)
	}
	r := en.as(access.Server, alice, "GET", "/api/v1/hub-events/stream?after=now", "")
	expectProblem(t, r, http.StatusTooManyRequests, httpapi.CodeTooManyStreams)
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	open(bob, "")
	expectProblem(t, en.as(access.Server, uuid.New(), "GET", "/api/v1/hub-events/stream?after=now", ""), http.StatusServiceUnavailable, httpapi.CodeTooManyStreams)
	if n := log.Heads(); n != 1 {
		t.Errorf("refused after=now streams read the head: %d reads in all, want 1", n)
	}
}
