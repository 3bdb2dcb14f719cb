package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEndpoints_LogLatencyHasAUnit: the request line's latency is in milliseconds, with the
// unit in its name, as a number a collector can aggregate: not slog's bare nanoseconds.
func TestEndpoints_LogLatencyHasAUnit(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.do("GET", "/api/v1/hubs?size=1", "", "Authorization", "Bearer "+en.token("MASTER", masterID)) // a query: well above 1µs
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(en.logs.String())), &line); err != nil {
		t.Fatalf("log line %q: %v", en.logs.String(), err)
	}
	ms, ok := line["latency_ms"].(float64)
	if !ok || ms <= 0 || ms > 5000 {
		t.Errorf("latency_ms = %v (%T), want a number of milliseconds above 0 and below 5000", line["latency_ms"], line["latency_ms"])
	}
	if _, ok := line["latency"]; ok {
		t.Errorf("the log line still has a unitless latency: %v", line)
	}
}
