package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hubd/hubd/internal/infrastructure/postgres"
	"github.com/hubd/hubd/internal/infrastructure/postgres/hubstore"
	"github.com/hubd/hubd/internal/interfaces/httpapi"
)

// newMetricsEnv is a service wired as hubd serve wires it: one registry of its own for the HTTP
// metrics, the repository's count queries and the pool's figures.
func newMetricsEnv(t *testing.T) *env {
	t.Helper()
	reg := prometheus.NewRegistry()
	httpMetrics, err := httpapi.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	en := newEnv(t, func(c *httpapi.Config) { c.Metrics = httpMetrics })
	repoMetrics, err := postgres.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	reg.MustRegister(postgres.NewPoolCollector(en.db, nil))
	repo, err := hubstore.New(postgres.NewStore(en.db, postgres.WithMetrics(repoMetrics)))
	if err != nil {
		t.Fatal(err)
	}
	en.serve(repo, nil, func(context.Context) []httpapi.DatabaseStatus {
		return []httpapi.DatabaseStatus{{Name: "primary", Role: "primary", OK: true}}
	})
	return en
}

// series is one sample of the text format: its name, labels and value.
type series struct {
	name   string
	labels map[string]string
	value  float64
}

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// scrape GETs /metrics without a token and parses the answer.
func (en *env) scrape() []series {
	en.t.Helper()
	res := en.do("GET", "/metrics", "")
	if res.Code != http.StatusOK {
		en.t.Fatalf("GET /metrics: %d %s", res.Code, res.Body)
	}
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != "text/plain" {
		en.t.Fatalf("GET /metrics: content type %q", res.Header.Get("Content-Type"))
	}
	var out []series
	sc := bufio.NewScanner(bytes.NewReader(res.Body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			en.t.Fatalf("unparsable line %q", line)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			en.t.Fatalf("line %q: %v", line, err)
		}
		s := series{name: m[1], labels: map[string]string{}, value: v}
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			s.labels[p[1]] = p[2]
		}
		out = append(out, s)
	}
	return out
}

// value is the sum of the samples of name whose labels include want; found says whether any did.
func value(all []series, name string, want ...string) (sum float64, found bool) {
next:
	for _, s := range all {
		if s.name != name {
			continue
		}
		for i := 0; i+1 < len(want); i += 2 {
			if s.labels[want[i]] != want[i+1] {
				continue next
			}
		}
		sum, found = sum+s.value, true
	}
	return sum, found
}

func TestMetrics_Endpoint(t *testing.T) {
	t.Parallel()
	en := newMetricsEnv(t)
	all := en.scrape()
	for _, name := range []string{"hubd_db_max_open_connections", "hubd_db_open_connections",
		"hubd_db_in_use_connections", "hubd_db_idle_connections", "hubd_db_wait_count_total",
		"hubd_db_wait_duration_seconds_total"} {
		if _, ok := value(all, name, "db", "primary"); !ok {
			t.Errorf("no %s{db=\"primary\"}", name)
		}
	}
	for _, outcome := range []string{"issued", "skipped"} {
		if v, ok := value(all, "hubd_search_count_queries_total", "outcome", outcome); !ok || v != 0 {
			t.Errorf("count queries %s = %v (present %v), want 0 before any search", outcome, v, ok)
		}
	}
	// Scrapes are not counted: Prometheus would otherwise see mostly itself.
	if _, ok := value(en.scrape(), "hubd_http_requests_total", "url", "/metrics"); ok {
		t.Error("/metrics counts itself")
	}
}

// TestMetrics_RequestsByRouteTemplate: requests are counted by route template, method and status,
// with a latency histogram; the raw path never becomes a label value.
func TestMetrics_RequestsByRouteTemplate(t *testing.T) {
	t.Parallel()
	en := newMetricsEnv(t)
	id := en.createHub("metrics hub", nil)
	for range 2 {
		if res := en.master("GET", "/api/v1/hubs/"+id.String(), ""); res.Code != http.StatusOK {
			t.Fatalf("get: %d %s", res.Code, res.Body)
		}
	}
	expectProblem(t, en.master("GET", "/api/v1/hubs/0f5e0000-0000-4000-8000-00000000dead", ""), 404, "HUB_NOT_FOUND")
	expectProblem(t, en.do("GET", "/api/v1/hubs/"+id.String(), ""), 401, "UNAUTHENTICATED")
	// Paths no route matches, and methods nobody defined, must not mint series.
	for _, target := range []string{"/no/such/path/1", "/no/such/path/2"} {
		en.send(httptest.NewRequest("GET", target, nil))
	}
	en.send(httptest.NewRequest("BREW", "/api/v1/hubs", nil))

	all := en.scrape()
	const route = "/api/v1/hubs/:hubId"
	for _, c := range []struct {
		method, code, url string
		want              float64
	}{
		{"POST", "201", "/api/v1/hubs", 1},
		{"GET", "200", route, 2},
		{"GET", "404", route, 1},
		{"GET", "401", route, 1},
		{"GET", "404", "", 2},
	} {
		if got, _ := value(all, "hubd_http_requests_total", "method", c.method, "code", c.code, "url", c.url); got != c.want {
			t.Errorf("hubd_http_requests_total{method=%s,code=%s,url=%q} = %v, want %v", c.method, c.code, c.url, got, c.want)
		}
	}
	if got, _ := value(all, "hubd_http_request_duration_seconds_count", "method", "GET", "code", "200", "url", route); got != 2 {
		t.Errorf("latency histogram count for GET %s 200 = %v, want 2", route, got)
	}
	if _, ok := value(all, "hubd_http_request_duration_seconds_bucket", "url", route, "le", "+Inf"); !ok {
		t.Error("no latency buckets for the route")
	}
	if got, _ := value(all, "hubd_http_requests_total", "method", "OTHER"); got != 1 {
		t.Errorf("unknown methods counted as OTHER: %v, want 1", got)
	}
	for _, s := range all {
		if u := s.labels["url"]; strings.Contains(u, id.String()) || strings.Contains(u, "/no/such") || s.labels["method"] == "BREW" {
			t.Errorf("a raw request value became a label: %s%v", s.name, s.labels)
		}
		if h := s.labels["host"]; h != "" {
			t.Errorf("host label %q: the client's Host header must not become a label", h)
		}
	}
}

// TestMetrics_CountQueriesIssuedAndSkipped: a first page that is not full tells its own total
// (skipped); a full one with more after needs the count (issued); count=none needs neither.
func TestMetrics_CountQueriesIssuedAndSkipped(t *testing.T) {
	t.Parallel()
	en := newMetricsEnv(t)
	for i := range 3 {
		en.createHub(fmt.Sprintf("count hub %d", i), nil)
	}
	counts := func() (issued, skipped float64) {
		all := en.scrape()
		issued, _ = value(all, "hubd_search_count_queries_total", "outcome", "issued")
		skipped, _ = value(all, "hubd_search_count_queries_total", "outcome", "skipped")
		return issued, skipped
	}
	search := func(query string, wantTotal string) {
		t.Helper()
		res := en.master("GET", "/api/v1/hubs?"+query, "")
		if res.Code != http.StatusOK {
			t.Fatalf("search %s: %d %s", query, res.Code, res.Body)
		}
		if wantTotal != "" && !bytes.Contains(res.Body, []byte(`"totalElements":`+wantTotal)) {
			t.Errorf("search %s: no totalElements %s in %s", query, wantTotal, res.Body)
		}
	}
	issued0, skipped0 := counts()

	search("size=10", "3") // first page not full: the content is the total
	if issued, skipped := counts(); issued != issued0 || skipped != skipped0+1 {
		t.Errorf("after a page that is not full: issued +%v, skipped +%v; want +0, +1", issued-issued0, skipped-skipped0)
	}
	search("size=2", "3") // full, with more after: counted
	if issued, skipped := counts(); issued != issued0+1 || skipped != skipped0+1 {
		t.Errorf("after a full page: issued +%v, skipped +%v; want +1, +1", issued-issued0, skipped-skipped0)
	}
	search("size=2&count=none", "") // no total wanted: neither
	if issued, skipped := counts(); issued != issued0+1 || skipped != skipped0+1 {
		t.Errorf("after count=none: issued +%v, skipped +%v; want +1, +1", issued-issued0, skipped-skipped0)
	}
}

// TestMetrics_OwnRegistryPerServer: servers without Metrics in their configuration still serve
// /metrics, each from a registry of its own, so they can be built side by side.
func TestMetrics_OwnRegistryPerServer(t *testing.T) {
	t.Parallel()
	a, b := newEnv(t), newEnv(t)
	a.createHub("only in a", nil)
	if got, _ := value(a.scrape(), "hubd_http_requests_total", "method", "POST", "url", "/api/v1/hubs"); got != 1 {
		t.Errorf("a counted %v creates, want 1", got)
	}
	if got, ok := value(b.scrape(), "hubd_http_requests_total", "method", "POST"); ok {
		t.Errorf("b counted %v creates made on a", got)
	}
}
