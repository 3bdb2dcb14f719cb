package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// lateShareLimit is the share of late operations above which the rate counts as not
// sustained: the load was not what -rate asked for, so try a lower one.
const lateShareLimit = 0.01

// report is everything a run found; it is printed as markdown and written as JSON.
type report struct {
	Started         time.Time      `json:"started"`
	Options         map[string]any `json:"options"`
	Machine         machine        `json:"machine"`
	Phases          []phase        `json:"phases"`
	LoadSeconds     float64        `json:"loadSeconds"` // from the first operation to the last answer
	Scheduled       int            `json:"scheduledOperations"`
	ReqPerSec       float64        `json:"achievedReqPerSec"` // completed requests per second
	OpsPerSec       float64        `json:"achievedOpsPerSec"` // operations started per second
	Requests        loadTotals     `json:"requests"`
	Integrity       integrity      `json:"integrity"`
	Memory          memResult      `json:"memory"`
	CPU             cpuUse         `json:"cpu"`         // during the load
	CreatedHubs     int            `json:"createdHubs"` // in the pool at the end, the precreated ones included
	HubdLogLines    int64          `json:"hubdLogLines"`
	HubdStopSeconds float64        `json:"hubdStopSeconds"`
	HubdStopError   string         `json:"hubdStopError,omitempty"`
	TotalErrors     int            `json:"totalErrors"` // request errors and integrity failures
	RateSustained   bool           `json:"rateSustained"`
	Pass            bool           `json:"pass"` // no errors and no memory growth
}

type machine struct {
	Cores     int    `json:"cores"`
	GoVersion string `json:"goVersion"`
	LoadAvg   string `json:"loadAvg,omitempty"` // /proc/loadavg at the end: other work on the machine
}

// kindOrder is the order of the per-kind table.
var kindOrder = []string{
	kindSearchPrefix.String(), kindSearchManager.String(), kindSearchPage.String(), kindSearchCursor.String(),
	kindSearchText.String(), kindSearchDeleted.String(), kindGet.String(), kindCreate.String(), kindPatch.String(),
	"delete", "restore",
}

func buildReport(o options, began time.Time, took time.Duration, ru *runner, check integrity, mem memResult, e *env, clock *phases) *report {
	t := ru.rec.totals(kindOrder)
	r := &report{
		Started: began.UTC(),
		Options: map[string]any{"duration": o.duration.String(), "rate": o.rate, "workers": o.workers,
			"warmup": o.warmup.String(), "hubs": o.hubs, "late": o.lateAfter.String(), "seed": o.seed},
		Machine:         machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version(), LoadAvg: loadAvg()},
		Phases:          clock.list,
		LoadSeconds:     round(took.Seconds(), 2),
		Scheduled:       t.StartLag.N + t.NotStarted,
		Requests:        t,
		Integrity:       check,
		Memory:          mem,
		CreatedHubs:     ru.hubs.size(),
		HubdLogLines:    e.logLines.Load(),
		HubdStopSeconds: round(e.stopTook.Seconds(), 2),
	}
	if e.stopErr != nil {
		r.HubdStopError = e.stopErr.Error()
	}
	if took > 0 {
		r.ReqPerSec = round(float64(t.Completed)/took.Seconds(), 1)
		r.OpsPerSec = round(float64(t.StartLag.N)/took.Seconds(), 1)
	}
	r.TotalErrors = t.Errors + check.failures()
	r.RateSustained = float64(t.LateStarted+t.NotStarted) <= lateShareLimit*float64(max(r.Scheduled, 1))
	r.Pass = r.TotalErrors == 0 && !mem.Growing
	return r
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// printReport writes the markdown report.
func printReport(w io.Writer, r *report) {
	t, m := r.Requests, r.Memory
	fmt.Fprintf(w, "## hubd soak\n\n%v of open-loop load at %g operations/s (%d workers) on %d seeded hubs, seed %d; "+
		"%d cores, %s, load average %s at the end; started %s.\n\n",
		r.Options["duration"], r.Options["rate"], r.Options["workers"], r.Options["hubs"], r.Options["seed"],
		r.Machine.Cores, r.Machine.GoVersion, r.Machine.LoadAvg, r.Started.Format(time.RFC3339))
	fmt.Fprintln(w, "| | |\n|---|--:|")
	row := func(k, format string, args ...any) { fmt.Fprintf(w, "| %s | %s |\n", k, fmt.Sprintf(format, args...)) }
	row("operations scheduled", "%s", thousands(r.Scheduled))
	row("requests sent", "%s", thousands(t.Sent))
	row("requests completed (answered)", "%s", thousands(t.Completed))
	row("**errors**", "**%s: %s**", thousands(r.TotalErrors), verdict(r.TotalErrors == 0))
	row("late: started > "+r.Options["late"].(string)+" after their time / never started", "%d / %d", t.LateStarted, t.NotStarted)
	row("rate sustained (late ≤ 1%)", "%s", map[bool]string{true: "yes", false: "**no**: lower -rate"}[r.RateSustained])
	row("achieved", "%.1f req/s (%.1f operations/s) over %.1f s", r.ReqPerSec, r.OpsPerSec, r.LoadSeconds)
	row("latency p50 / p90 / **p99** / max", "%.2f / %.2f / **%.2f** / %.2f ms", t.Latency.P50ms, t.Latency.P90ms, t.Latency.P99ms, t.Latency.MaxMs)
	row(fmt.Sprintf("CPU during the load, in cores of %d: load generator / hubd / PostgreSQL / other work / idle", r.Machine.Cores),
		"%.2f / %.2f / %.2f / %.2f / %.2f", r.CPU.Soak, r.CPU.Hubd, r.CPU.Postgres, r.CPU.Other, r.CPU.Idle)
	row("start lag p99 / max", "%.2f / %.2f ms", t.StartLag.P99ms, t.StartLag.MaxMs)
	row("created hubs checked in the database", "%s (%d missing, %d wrong, %d skipped)",
		thousands(r.Integrity.Checked), r.Integrity.Missing, r.Integrity.Wrong, r.Integrity.Skipped)
	row("hubd RSS at "+r.Options["warmup"].(string)+" / at the end / max", "%.1f / %.1f / %.1f MB", m.StartMB, m.EndMB, m.MaxMB)
	if m.Problem != "" {
		row("**memory growth**", "**%s: FAIL**", m.Problem)
	} else {
		row("**memory growth** (median RSS, last third vs middle third)", "**%.1f vs %.1f MB, limit %.1f: %s**",
			m.LastMedianMB, m.MiddleMedianMB, m.LimitMB, verdict(!m.Growing))
	}
	row("hubd threads / open files, start → end", "%d → %d / %d → %d", m.StartThreads, m.EndThreads, m.StartFDs, m.EndFDs)
	row("hubd log lines (warn and above)", "%d", r.HubdLogLines)
	stop := fmt.Sprintf("exited 0 after %.2f s", r.HubdStopSeconds)
	if r.HubdStopError != "" {
		stop = "**" + r.HubdStopError + "**"
	}
	row("hubd on SIGTERM", "%s", stop)
	if t.Substituted > 0 {
		row("patches/deletes that found no free hub (created one instead)", "%d", t.Substituted)
	}

	fmt.Fprintln(w, "\n| kind | sent | errors | p50 ms | p90 ms | p99 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|")
	for _, k := range t.Kinds {
		fmt.Fprintf(w, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f |\n", k.Kind, thousands(k.Sent), k.Errors, k.P50ms, k.P90ms, k.P99ms, k.MaxMs)
	}
	fmt.Fprintf(w, "\nhubd RSS (MB) over the load: %s\n", rssLine(m.Samples, 15))
	if len(t.ErrorKinds) > 0 || len(r.Integrity.Problems) > 0 || r.Integrity.CheckErr != "" {
		fmt.Fprintln(w, "\nErrors:")
		for _, k := range slices.Sorted(maps.Keys(t.ErrorKinds)) {
			fmt.Fprintf(w, "- %s: %d\n", k, t.ErrorKinds[k])
		}
		for _, s := range append(append([]string{}, t.ErrorSample...), r.Integrity.Problems...) {
			fmt.Fprintf(w, "- e.g. %s\n", s)
		}
		if r.Integrity.CheckErr != "" {
			fmt.Fprintf(w, "- the database check failed: %s\n", r.Integrity.CheckErr)
		}
	}
	fmt.Fprintf(w, "\n**%s**: errors %s, memory %s.\n\n", verdict(r.Pass), verdict(r.TotalErrors == 0), verdict(!m.Growing))
}

// rssLine shows one sample every `every` seconds: "0s 25.1 · 15s 30.2 · …".
func rssLine(samples []memSample, every float64) string {
	var parts []string
	next := 0.0
	for i, s := range samples {
		if s.T >= next || i == len(samples)-1 {
			parts = append(parts, fmt.Sprintf("%.0fs %.1f", s.T, mb(s.RSSkB)))
			next = (math.Floor(s.T/every) + 1) * every
		}
	}
	return strings.Join(parts, " · ")
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeReport writes the report as JSON, stamped with its start time, and as soak-latest.json.
func writeReport(dir string, r *report, at time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	data = append(data, '\n')
	stamped := filepath.Join(dir, "soak-"+at.UTC().Format("20060102T150405Z")+".json")
	for _, p := range []string{stamped, filepath.Join(dir, "soak-latest.json")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	return stamped, nil
}
