package httpapi_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
	httpapi "github.com/hubd/hubd/internal/interfaces/http"
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
