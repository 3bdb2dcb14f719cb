package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// TestLimits_SlowDatabaseIsA503InTime: a change stuck behind a lock is cut off at the request
// deadline with a 503, and leaves nothing behind.
func TestLimits_SlowDatabaseIsA503InTime(t *testing.T) {
	t.Parallel()
	const limit = 300 * time.Millisecond
	en := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = limit })
	id := en.createHub("locked", nil)
	tx, err := en.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SELECT 1 FROM hubs WHERE hub_id = $1 FOR UPDATE", id); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := en.master("PATCH", "/api/v1/hubs/"+id.String(), `{"hubName":"never"}`)
	took := time.Since(start)
	_ = tx.Rollback()
	expectProblem(t, res, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
	if took < limit || took > limit+2*time.Second || res.Header.Get("Retry-After") == "" {
		t.Errorf("503 after %v (limit %v), Retry-After %q", took, limit, res.Header.Get("Retry-After"))
	}
	if r := en.master("GET", "/api/v1/hubs/"+id.String(), ""); !strings.Contains(string(r.Body), `"hubName":"locked"`) || r.Header.Get("ETag") != `"1"` {
		t.Errorf("the cut-off change left something: %s", r.Body)
	}
	if strings.Contains(en.logs.String(), `"level":"ERROR"`) {
		t.Errorf("a deadline was logged as a server error: %s", en.logs.String())
	}
}

// TestLimits_DatabaseDownIsA503: with no database to talk to, reads and writes answer 503
// quickly, never 500.
func TestLimits_DatabaseDownIsA503(t *testing.T) {
	t.Parallel()
	dead, err := postgres.OpenLazy("postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", postgres.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	repo, err := hubstore.New(postgres.NewStore(dead))
	if err != nil {
		t.Fatal(err)
	}
	en := &env{t: t, logs: &syncBuffer{}, now: clockNow, db: dead, done: make(chan struct{})}
	en.serve(repo, nil, func(ctx context.Context) []httpapi.DatabaseStatus {
		s := postgres.PrimaryStatus(ctx, dead)
		return []httpapi.DatabaseStatus{{Name: s.Name, Role: s.Role, OK: s.OK, Error: s.Error}}
	})
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/hubs", ""},
		{"GET", "/api/v1/hubs/01a1fcf4-2707-73ef-9ec7-aa12bf46fe9e", ""},
		{"POST", "/api/v1/hubs", `{"hubName":"x","address":{"address1":"y"}}`},
		{"GET", "/api/v1/hub-events", ""},
		{"GET", "/api/v1/hub-paths?from=01a1fcf4-2707-73ef-9ec7-aa12bf46fe9e&to=01a1fcf4-2707-73ef-9ec7-aa12bf46fe9f", ""},
	} {
		start := time.Now()
		res := en.master(c.method, c.path, c.body)
		expectProblem(t, res, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE")
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s %s took %v", c.method, c.path, took)
		}
	}
	expectProblem(t, en.do("GET", "/readyz", ""), http.StatusServiceUnavailable, "NOT_READY")
}
