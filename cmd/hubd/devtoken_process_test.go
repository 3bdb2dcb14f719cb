package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDevToken_OnlyOnLoopbackWithTheDevSecret: through the real binary, POST /dev/token mints a
// token that works on the API when serve listens on 127.0.0.1 with its dev secret; the same data
// dir served with HUBD_JWT_SECRET, or on every interface (0.0.0.0, :0), has no such route.
func TestDevToken_OnlyOnLoopbackWithTheDevSecret(t *testing.T) {
	s := serveFresh(t, "hubd-devtoken-")
	client := &http.Client{Timeout: 5 * time.Second}
	post := func(base string) (int, []byte) {
		t.Helper()
		res, err := client.Post(base+"/dev/token", "application/json", strings.NewReader(`{"role":"MASTER"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, body
	}
	code, body := post(s.srv.url)
	if code != http.StatusOK {
		t.Fatalf("POST /dev/token on 127.0.0.1 with the dev secret: %d %s", code, body)
	}
	var got struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expiresAt"`
	}
	if err := json.Unmarshal(body, &got); err != nil || got.Token == "" {
		t.Fatalf("body %s: %v", body, err)
	}
	if left := time.Until(got.ExpiresAt); left < 58*time.Minute || left > 61*time.Minute {
		t.Errorf("expiresAt %v: not an hour from now", got.ExpiresAt)
	}
	var page struct {
		Content []json.RawMessage `json:"content"`
	}
	get(t, s.srv.url+"/api/v1/hubs?size=1", got.Token, &page) // the dev token works on the API
	if len(page.Content) != 1 {
		t.Errorf("GET /api/v1/hubs?size=1 with the dev token: %d hubs", len(page.Content))
	}
	s.srv.stop(t)

	for _, c := range []struct{ name, env string }{
		{"a configured secret", "HUBD_JWT_SECRET=devtoken-test-secret-0123456789abcdefghijklmnop"},
		{"every interface (0.0.0.0)", "HUBD_HTTP_ADDR=0.0.0.0:0"},
		{"every interface (:0)", "HUBD_HTTP_ADDR=:0"},
	} {
		env := append(append([]string{}, s.env...), c.env) // a later variable wins
		srv := startServe(t, s.bin, s.root, env)
		waitReady(t, srv.url, 60*time.Second)
		if code, body := post(srv.url); code != http.StatusNotFound || !strings.Contains(string(body), `"NOT_FOUND"`) {
			t.Errorf("%s: POST /dev/token %d %s, want 404 NOT_FOUND", c.name, code, body)
		}
		srv.stop(t)
	}
}
