package token

import (
	"errors"
	"testing"
	"time"
)

// TestVerifiedTokensStillExpire: a token verified once is taken from the cache of verified
// tokens the next time, but the time rules still apply at every use: once its exp has passed it
// is refused as expired, as an uncached token is; a token of other text (a changed signature)
// is verified afresh and refused.
func TestVerifiedTokensStillExpire(t *testing.T) {
	now := time.Date(2026, 11, 21, 5, 0, 0, 0, time.UTC)
	h, err := NewHS256(secret, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := h.Sign("3f1e0c1a-7d2b-4a55-9f00-1c2d3e4f5a6b", "MASTER", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if c, err := h.Verify(tok); err != nil || c.Role != "MASTER" {
			t.Fatalf("fresh token: %+v %v", c, err)
		}
	}
	if _, cached := h.verified.get(tok); !cached {
		t.Fatal("a verified token is not cached")
	}
	tampered := tok[:len(tok)-2] + map[bool]string{true: "AA", false: "AQ"}[tok[len(tok)-2:] != "AA"]
	if _, err := h.Verify(tampered); err == nil {
		t.Error("a token with another signature was accepted")
	}
	now = now.Add(time.Minute)
	if _, err := h.Verify(tok); !errors.Is(err, ErrExpired) {
		t.Errorf("cached token past its exp: %v, want ErrExpired", err)
	}
}
