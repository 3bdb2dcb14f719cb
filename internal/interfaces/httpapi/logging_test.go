package httpapi_test

import (
	"encoding/json"
	"net/http"
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

// TestReadyz_NotReadyIsAWarningNotAnError: a 503 from /readyz while the primary does not answer
// is an expected answer during an outage: it is logged once at WARN (with the cause) beside the
// request line, and never as an ERROR "request failed". Before, each probe also logged an ERROR.
func TestReadyz_NotReadyIsAWarningNotAnError(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.ready = errNotReady
	expectProblem(t, en.do("GET", "/readyz", ""), http.StatusServiceUnavailable, "NOT_READY")
	levels := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(en.logs.String()), "\n") {
		var line map[string]any
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		levels[line["level"].(string)]++
	}
	if levels["ERROR"] != 0 || levels["WARN"] != 1 {
		t.Errorf("log levels %v, want one WARN and no ERROR:\n%s", levels, en.logs.String())
	}
}
