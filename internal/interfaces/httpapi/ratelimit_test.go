package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/infrastructure/config"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// TestRateLimit_PerCaller: a caller past its burst gets 429 with Retry-After; another caller is
// not affected; callers without a valid token are limited by address, from a budget of their own.
func TestRateLimit_PerCaller(t *testing.T) {
	t.Parallel()
	en := newEnv(t, func(c *httpapi.Config) {
		c.RateLimit = httpapi.RateLimit{Rate: 0.5, Burst: 3}
		c.AnonymousRateLimit = httpapi.RateLimit{Rate: 0.25, Burst: 2}
	})
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
	for range 2 {
		expectProblem(t, en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer forged"), 401, "UNAUTHENTICATED")
	}
	res = en.do("GET", "/api/v1/hubs", "", "Authorization", "Bearer forged")
	expectProblem(t, res, 429, "RATE_LIMITED")
	if res.Header.Get("Retry-After") != "4" {
		t.Errorf("anonymous Retry-After %q, want 4 (one request every 4 s)", res.Header.Get("Retry-After"))
	}
}

// TestRateLimit_DefaultsLetOrdinaryClientsThrough: with the shipped defaults, a client walking
// 500 pages as fast as it can, and a black-box suite sending 150 requests without a token, are
// never limited (the old default, 50 a second with a burst of 100, stopped both after 100).
func TestRateLimit_DefaultsLetOrdinaryClientsThrough(t *testing.T) {
	t.Parallel()
	d := config.Default().HTTP
	en := newEnv(t, func(c *httpapi.Config) {
		c.RateLimit = httpapi.RateLimit{Rate: d.RateLimit, Burst: d.RateBurst}
		c.AnonymousRateLimit = httpapi.RateLimit{Rate: d.AnonymousRateLimit, Burst: d.AnonymousRateBurst}
	})
	if d.RateLimit < 1000 || d.RateBurst < 2000 || d.AnonymousRateLimit >= d.RateLimit {
		t.Errorf("defaults %+v: want at least 1000/s with a burst of 2000 per caller, and less without a token", d)
	}
	for i := range 3 {
		en.createHub(fmt.Sprintf("쪽 센터 %d", i), nil)
	}
	start, walker := time.Now(), uuid.New()
	for page := range 500 {
		r := en.as(access.Server, walker, "GET", fmt.Sprintf("/api/v1/hubs?size=1&page=%d", page%3), "")
		if r.Code != http.StatusOK {
			t.Fatalf("page request %d after %v: %d %s", page, time.Since(start), r.Code, r.Body)
		}
	}
	t.Logf("500 pages in %v, none limited", time.Since(start))
	for i := range 150 {
		expectProblem(t, en.do("GET", "/api/v1/hubs", ""), http.StatusUnauthorized, "UNAUTHENTICATED")
		if t.Failed() {
			t.Fatalf("anonymous request %d", i)
		}
	}
}
