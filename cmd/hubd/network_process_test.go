package main

import (
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeProcessTwoInstancesConverge runs two `hubd serve` processes on one PostgreSQL
// database, each with its own projection of the network: both answer 서울 → 부산 as the contract
// says; a shortcut route created through A is seen by B at once for a request carrying A's
// X-Consistency-Token, and without the token once B's follower has applied the feed (LISTEN, or
// its poll); then the two answer the same path and the same matrix byte for byte, and their
// /metrics report the same graph (hubd_network_hubs, _routes, _seq, _graph_bytes).
func TestServeProcessTwoInstancesConverge(t *testing.T) {
	bin := buildHubd(t)
	root := reachableTempRoot(t, "hubd-two-instances-*")
	pg := startOutageCluster(t, filepath.Join(root, "postgres"))
	admin, err := sql.Open("postgres", pg.srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE hubd`); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	env := func(dataDir string) []string {
		return hubdEnv("HUBD_DATABASE_URL="+pg.srv.DSN("hubd"), "HUBD_HTTP_ADDR=127.0.0.1:0", "HUBD_RATE_LIMIT=0",
			"HUBD_DATA_DIR="+filepath.Join(root, dataDir), "HUBD_JWT_SECRET=two-instances-test-secret-0123456789abcdefghijkl")
	}
	// A first: it migrates and seeds the fresh database; B then starts on it as it is.
	a := startServe(t, bin, root, env("a"))
	waitReady(t, a.url, 90*time.Second)
	b := startServe(t, bin, root, env("b"))
	waitReady(t, b.url, 90*time.Second)
	bearer := strings.TrimSpace(runHubd(t, bin, root, env("a"), "token", "--role", "MASTER"))

	var hubs page
	get(t, a.url+"/api/v1/hubs?size=100", bearer, &hubs)
	ids := map[string]string{}
	for _, h := range hubs.Content {
		ids[h.HubName] = h.HubID
	}
	seoul, busan := ids["서울특별시 센터"], ids["부산광역시 센터"]
	if len(ids) != 17 || seoul == "" || busan == "" {
		t.Fatalf("seeded hubs: %s", hubs.names())
	}
	pathURL := "/api/v1/hub-paths?from=" + seoul + "&to=" + busan
	for _, p := range []*serveProcess{a, b} {
		if got := pathOf(t, p.url+pathURL, bearer, ""); got.TotalDistanceKm != 416.4 || got.TotalDurationMinutes != 350 || len(got.Hubs) != 4 {
			t.Fatalf("%s: 서울 → 부산 before the shortcut: %+v, want 416.4 km, 350 min, 4 hubs", p.url, got)
		}
	}

	// The shortcut, through A: 350 km, 250 minutes, direct.
	resp, body := postJSON(t, a.url+"/api/v1/hub-routes", bearer,
		`{"departureHubId":"`+seoul+`","arrivalHubId":"`+busan+`","distanceKm":350,"durationMinutes":250}`)
	token := resp.Header.Get("X-Consistency-Token")
	if resp.StatusCode != http.StatusCreated || token == "" {
		t.Fatalf("create the shortcut through A: %s, token %q: %s", resp.Status, token, body)
	}
	shortcut := func(p pathAnswer) bool {
		return p.TotalDistanceKm == 350 && p.TotalDurationMinutes == 250 && len(p.Hubs) == 2
	}
	start := time.Now()
	if got := pathOf(t, b.url+pathURL, bearer, token); !shortcut(got) {
		t.Fatalf("B with A's token: %+v, want the shortcut (350 km, 250 min, 2 hubs)", got)
	}
	t.Logf("B answered the shortcut for A's token in %v", time.Since(start))
	// Without a token each instance answers from its own follower, which applies the change
	// when it reads the feed: both do within the poll interval (A wrote it, but its projection
	// follows the feed like B's).
	for name, url := range map[string]string{"A": a.url, "B": b.url} {
		var last pathAnswer
		if !pollUntil(10*time.Second, func() bool { last = pathOf(t, url+pathURL, bearer, ""); return shortcut(last) }) {
			t.Fatalf("%s without a token still answers %+v 10s after the change", name, last)
		}
	}

	// Converged: the same answers, byte for byte, and the same graph.
	for _, target := range []string{pathURL, pathURL + "&by=duration", "/api/v1/hub-paths/matrix", "/api/v1/hub-paths/matrix?by=duration&from=" + busan} {
		if x, y := rawGet(t, a.url+target, bearer), rawGet(t, b.url+target, bearer); x != y {
			t.Errorf("GET %s: A and B differ:\nA %s\nB %s", target, x, y)
		}
	}
	ma, mb := networkMetrics(t, a.url), networkMetrics(t, b.url)
	if ma["hubd_network_hubs"] != 17 || ma["hubd_network_routes"] != 37 || ma["hubd_network_seq"] < 17+36+1 ||
		ma["hubd_network_graph_bytes"] < 37*64 {
		t.Errorf("A's /metrics: %v, want 17 hubs, 37 routes, seq past the seed's 53 events, the graph's bytes", ma)
	}
	for _, name := range []string{"hubd_network_hubs", "hubd_network_routes", "hubd_network_seq"} {
		if ma[name] != mb[name] {
			t.Errorf("%s: A %v, B %v", name, ma[name], mb[name])
		}
	}
	t.Logf("A %v\nB %v", ma, mb)
	b.stop(t)
	a.stop(t)
}

// pathAnswer is the part of a path answer the test compares.
type pathAnswer struct {
	TotalDistanceKm      float64  `json:"totalDistanceKm"`
	TotalDurationMinutes int64    `json:"totalDurationMinutes"`
	Hubs                 []string `json:"hubs"`
}

// pathOf is GET url's path answer, sending the consistency token when there is one.
func pathOf(t *testing.T, url, bearer, token string) pathAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	if token != "" {
		req.Header.Set("X-Consistency-Token", token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	var p pathAnswer
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %s: %s", url, resp.Status, body)
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
	return p
}

// rawGet is GET url's 200 body.
func rawGet(t *testing.T, url, bearer string) string {
	t.Helper()
	var raw json.RawMessage
	get(t, url, bearer, &raw)
	return string(raw)
}

var networkMetric = regexp.MustCompile(`(?m)^(hubd_network_\w+) (\S+)$`)

// networkMetrics are the hubd_network_* samples of base's /metrics.
func networkMetrics(t *testing.T, base string) map[string]float64 {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	m := map[string]float64{}
	for _, s := range networkMetric.FindAllStringSubmatch(string(body), -1) {
		v, err := strconv.ParseFloat(s[2], 64)
		if err != nil {
			t.Fatalf("%s %s: %v", s[1], s[2], err)
		}
		m[s[1]] = v
	}
	if len(m) != 6 {
		t.Fatalf("/metrics has %d hubd_network_* samples, want 6: %v", len(m), m)
	}
	return m
}
