package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	httpapi "github.com/hubd/hubd/internal/interfaces/http"
)

// TestRateLimit_PerCaller: a caller past its burst gets 429 with Retry-After; another caller is
// not affected; callers without a valid token are limited by address.
func TestRateLimit_PerCaller(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) { c.RateLimit = httpapi.RateLimit{Rate: 0.5, Burst: 3} })
	alice, bob := uuid.New(), uuid.New()
	for i := range 3 {
		if r := en.as(access.Company, alice, "GET", "/api/v1/hubs", ""); r.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: %d", i, r.Code)
		}
	}
	res := en.as(access.Company, alice, "GET", "/api/v1/hubs", "")
	expectProblem(t, res, http.StatusTooManyRequests, "RATE_LIMITED")
	if res.Header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q, want 2 (one request every 2 s)", res.Header.Get("Retry-After"))
	}
	if r := en.as(access.Company, bob, "GET", "/api/v1/hubs", ""); r.Code != http.StatusOK {
		t.Errorf("another caller was limited too: %d", r.Code)
	}
	for range 3 {
		expectProblem(t, en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer forged"), 401, "UNAUTHENTICATED")
	}
	expectProblem(t, en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer forged"), 429, "RATE_LIMITED")
}
