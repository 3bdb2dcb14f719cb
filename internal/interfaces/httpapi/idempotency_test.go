package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

const createBody = `{"hubName":"멱등 센터","address":{"address1":"주소"}}`

func (en *env) hubCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := en.db.Get(&n, "SELECT count(*) FROM hubs"); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIdempotency_ReplayConflictAndCallers: the same key and body replays the first outcome byte
// for byte (and creates nothing more); another body is 422; another caller with the same key
// is on its own; a key without one is an ordinary request.
func TestIdempotency_ReplayConflictAndCallers(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	first := en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-1")
	if first.Code != http.StatusCreated {
		t.Fatalf("first: %d %s", first.Code, first.Body)
	}
	en.advance(time.Hour)
	again := en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-1")
	if again.Code != http.StatusCreated || string(again.Body) != string(first.Body) ||
		again.Header.Get("Location") != first.Header.Get("Location") || again.Header.Get("ETag") != first.Header.Get("ETag") ||
		again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d %s %v", again.Code, again.Body, again.Header)
	}
	if n := en.hubCount(t); n != 1 {
		t.Errorf("%d hubs after a replay", n)
	}
	p := expectProblem(t, en.master("POST", "/api/v1/hubs", `{"hubName":"다른 센터","address":{"address1":"주소"}}`, "Idempotency-Key", "k-1"),
		http.StatusUnprocessableEntity, "IDEMPOTENCY_KEY_REUSED")
	if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" {
		t.Errorf("422 does not name the header: %+v", p)
	}
	// Another MASTER with the same key and body: its own request, which meets the name taken.
	other := en.as(access.Master, uuid.New(), "POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-1")
	expectProblem(t, other, http.StatusConflict, "HUB_NAME_TAKEN")
	if other.Header.Get("Idempotent-Replayed") != "" {
		t.Error("another caller got the first caller's outcome")
	}
	// Its 409 is its outcome, kept and replayed to it.
	if r := en.as(access.Master, uuid.New(), "POST", "/api/v1/hubs", createBody); r.Code != http.StatusConflict {
		t.Errorf("no key: %d", r.Code)
	}
	expectProblem(t, en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "bad key"), 400, "INVALID_PARAMETER")

	// Restore is idempotent too.
	loc := first.Header.Get("Location")
	en.master("DELETE", loc, "")
	r1 := en.master("POST", loc+"/restore", "", "Idempotency-Key", "r-1")
	r2 := en.master("POST", loc+"/restore", "", "Idempotency-Key", "r-1")
	if r1.Code != http.StatusOK || r2.Code != http.StatusOK || string(r1.Body) != string(r2.Body) {
		t.Errorf("restore replay: %d %d", r1.Code, r2.Code)
	}
}

// TestIdempotency_InFlightIsA409 holds the first create on a lock (an uncommitted insert of the
// same name) and sends the same key again.
func TestIdempotency_InFlightIsA409(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tx, err := en.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
		VALUES (gen_random_uuid(), '멱등 센터', '멱등 센터', 'x', 1, now(), $1, now(), $1)`, masterID); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var first response
	wg.Add(1)
	go func() {
		defer wg.Done()
		first = en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "slow")
	}()
	time.Sleep(300 * time.Millisecond)
	expectProblem(t, en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "slow"), http.StatusConflict, "IDEMPOTENCY_KEY_IN_USE")
	_ = tx.Rollback()
	wg.Wait()
	if first.Code != http.StatusCreated {
		t.Errorf("the first request: %d %s", first.Code, first.Body)
	}
}

// TestIdempotency_ExpiryAndFailures: an outcome is kept 24 hours, then the key is new again and
// Purge deletes it; a 5xx (here the request deadline) is not kept, so a retry runs.
func TestIdempotency_ExpiryAndFailures(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = 300 * time.Millisecond })
	if r := en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "e-1"); r.Code != 201 {
		t.Fatal(r.Code)
	}
	en.advance(23 * time.Hour)
	expectProblem(t, en.master("POST", "/api/v1/hubs", `{"hubName":"다른","address":{"address1":"x"}}`, "Idempotency-Key", "e-1"), 422, "IDEMPOTENCY_KEY_REUSED")
	en.advance(2 * time.Hour)
	if r := en.master("POST", "/api/v1/hubs", `{"hubName":"다른","address":{"address1":"x"}}`, "Idempotency-Key", "e-1"); r.Code != 201 {
		t.Errorf("an expired key is new again: %d %s", r.Code, r.Body)
	}
	store := postgres.NewIdempotencyStore(en.db)
	if n, err := store.Purge(t.Context(), en.clock().Add(25*time.Hour)); err != nil || n != 1 {
		t.Errorf("purge: %d %v", n, err)
	}

	tx, err := en.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO hubs (hub_id, hub_name, name_key, address1, version, created_at, created_by, updated_at, updated_by)
		VALUES (gen_random_uuid(), 'blocked', 'blocked', 'x', 1, now(), $1, now(), $1)`, masterID); err != nil {
		t.Fatal(err)
	}
	body := `{"hubName":"blocked","address":{"address1":"x"}}`
	expectProblem(t, en.master("POST", "/api/v1/hubs", body, "Idempotency-Key", "f-1"), 503, "SERVICE_UNAVAILABLE")
	_ = tx.Rollback()
	if r := en.master("POST", "/api/v1/hubs", body, "Idempotency-Key", "f-1"); r.Code != 201 || r.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("retry after a 503: %d %s", r.Code, r.Body)
	}
}

const abuseRequests = 200

// TestIdempotency_AbuseKeepsTheTableSmall: 200 requests with distinct keys and a ~1 MB unknown
// field name, as CUSTOMER and as MASTER, are all refused and none is kept: idempotency_keys
// stays empty and small (it grew by about 199 MB when every refusal was kept with its echo).
//
// Not parallel: its 400 MB of bodies would starve the tests that need their requests answered in
// time (the concurrent PATCHes), so it runs alone, before them.
func TestIdempotency_AbuseKeepsTheTableSmall(t *testing.T) {
	en := newEnv(t)
	size := func() int64 {
		var n int64
		if err := en.db.Get(&n, "SELECT pg_total_relation_size('idempotency_keys')"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := size()
	body := `{"` + strings.Repeat("a", httpapi.MaxBodyBytes-64) + `":1}`
	expectProblem(t, en.as(access.Customer, uuid.New(), "POST", "/api/v1/hubs", body, "Idempotency-Key", "abuse"), 400, "INVALID_BODY")
	for _, role := range []access.Role{access.Customer, access.Master} {
		sub := uuid.New()
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < abuseRequests; i += 4 {
					// Straight to the handler, keeping only the status: the OpenAPI check of a
					// large refusal takes longer than serving it, and the first one above is
					// checked in full.
					req := httptest.NewRequest("POST", "/api/v1/hubs", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+en.token(role, sub))
					req.Header.Set("Idempotency-Key", fmt.Sprintf("abuse-%d", i))
					w := &statusOnly{header: http.Header{}}
					en.e.ServeHTTP(w, req)
					if w.status != http.StatusBadRequest && w.status != http.StatusForbidden {
						t.Errorf("%s request %d: %d", role, i, w.status)
					}
				}
			}()
		}
		wg.Wait()
	}
	after := size()
	var rows int
	if err := en.db.Get(&rows, "SELECT count(*) FROM idempotency_keys"); err != nil {
		t.Fatal(err)
	}
	t.Logf("idempotency_keys: %d bytes before, %d bytes after %d refused requests, %d rows", before, after, 2*abuseRequests, rows)
	if rows != 0 || after-before > 512<<10 {
		t.Errorf("the refusals were kept: %d rows, the table grew from %d to %d bytes", rows, before, after)
	}
}

// TestIdempotency_OnlyOutcomesWorthReplayingAreKept: a 400 (bad body) and a 403 (role) free
// their key, so the same key with a good request runs; a 409 from the domain is kept and
// replayed even once the name is free again.
func TestIdempotency_OnlyOutcomesWorthReplayingAreKept(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	expectProblem(t, en.master("POST", "/api/v1/hubs", `{"hubName":"x","nope":1}`, "Idempotency-Key", "k-400"), 400, "INVALID_BODY")
	if r := en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-400"); r.Code != http.StatusCreated {
		t.Errorf("the key of a 400 was kept: %d %s", r.Code, r.Body)
	}
	p := expectProblem(t, en.master("POST", "/api/v1/hubs", createBody, "Idempotency-Key", strings.Repeat("k", 256)), 400, "INVALID_PARAMETER")
	if len(p.Errors) != 1 || p.Errors[0].Field != "Idempotency-Key" {
		t.Errorf("a 256-character key: %+v", p)
	}
	customer := uuid.New()
	expectProblem(t, en.as(access.Customer, customer, "POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-403"), 403, "FORBIDDEN")
	var n int
	if err := en.db.Get(&n, "SELECT count(*) FROM idempotency_keys WHERE caller = $1", customer); err != nil || n != 0 {
		t.Errorf("the 403 was kept: %d rows, %v", n, err)
	}

	other := uuid.New()
	first := en.as(access.Master, other, "POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-409")
	expectProblem(t, first, http.StatusConflict, "HUB_NAME_TAKEN")
	var holder struct{ HubID string }
	if err := en.db.Get(&holder.HubID, "SELECT hub_id FROM hubs WHERE hub_name = $1", "멱등 센터"); err != nil {
		t.Fatal(err)
	}
	en.master("DELETE", "/api/v1/hubs/"+holder.HubID, "")
	again := en.as(access.Master, other, "POST", "/api/v1/hubs", createBody, "Idempotency-Key", "k-409")
	if again.Code != http.StatusConflict || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(first.Body) {
		t.Errorf("the 409 was not replayed: %d %v %s", again.Code, again.Header, again.Body)
	}
}

// statusOnly is a ResponseWriter that keeps the status and drops the body.
type statusOnly struct {
	header http.Header
	status int
}

func (w *statusOnly) Header() http.Header { return w.header }

func (w *statusOnly) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *statusOnly) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
