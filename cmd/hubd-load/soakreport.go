package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"
)

// integrity checks that every hub the soak created is live at its last answered version;
// Skipped ones' last change failed (state unknown), Wrong ones are deleted or at another version.
type integrity struct {
	Checked, Skipped, Missing, Wrong int
	Problems                         []string
	CheckErr                         string
}

// failures is how many errors the check adds to the run's.
func (c integrity) failures() int { return c.Missing + c.Wrong + min(1, len(c.CheckErr)) }

// checkCreated looks up every hub whose state the soak knows (want: id to version).
func checkCreated(ctx context.Context, db *sql.DB, want map[string]int64, skipped int) integrity {
	res := integrity{Checked: len(want), Skipped: skipped}
	ids := slices.Collect(maps.Keys(want))
	versions := make([]int64, len(ids))
	for i, id := range ids {
		versions[i] = want[id]
	}
	problems, err := queryStrings(ctx, db, `SELECT CASE WHEN h.hub_id IS NULL THEN format('hub %s: answered 201, not in the database', w.id)
		ELSE format('hub %s: version %s deleted %s in the database, the last answer said version %s, live', w.id, h.version, h.is_deleted, w.version) END
		FROM unnest($1::uuid[], $2::bigint[]) AS w(id, version) LEFT JOIN hubs h ON h.hub_id = w.id
		WHERE h.hub_id IS NULL OR h.is_deleted OR h.version <> w.version`, pq.Array(ids), pq.Array(versions))
	for _, p := range problems {
		if strings.HasSuffix(p, "not in the database") {
			res.Missing++
		} else {
			res.Wrong++
		}
	}
	if res.Problems = problems[:min(len(problems), maxErrorSamples)]; err != nil {
		res.CheckErr = err.Error()
	}
	return res
}

// Memory "keeps growing" when the last third's median RSS is above the middle third's ×
// growthFactor + growthSlackMB (a small heap's noise); the first third is warm-up.
const growthFactor, growthSlackMB = 1.2, 5.0

// soakMemory is the memory part of the soak's report in MiB; StartMB is the first sample after
// the warm-up, Problem why no verdict could be reached.
type soakMemory struct {
	WarmupSeconds, StartMB, EndMB, MaxMB, MiddleMedianMB, LastMedianMB, LimitMB float64
	Growing                                                                     bool
	StartFDs, EndFDs                                                            int
	StartThreads, EndThreads                                                    int64
	Samples                                                                     []memSample
	Problem                                                                     string
}

// judgeMemory computes the figures and the growth verdict from the samples of a load of the
// given length. Too few samples in a third is itself a failure: the check could not run.
func judgeMemory(samples []memSample, duration, warmup time.Duration) soakMemory {
	r := soakMemory{WarmupSeconds: warmup.Seconds(), Samples: samples, Growing: true, Problem: "no memory samples"}
	if len(samples) == 0 {
		return r
	}
	d := duration.Seconds()
	var middle, last []int64
	first := samples[len(samples)-1]
	for _, s := range slices.Backward(samples) {
		if r.MaxMB = max(r.MaxMB, mb(s.RSSkB)); s.T >= warmup.Seconds() {
			first = s
		}
		if s.T >= 2*d/3 {
			last = append(last, s.RSSkB)
		} else if s.T >= d/3 {
			middle = append(middle, s.RSSkB)
		}
	}
	end := samples[len(samples)-1]
	r.StartMB, r.EndMB = mb(first.RSSkB), mb(end.RSSkB)
	r.StartFDs, r.EndFDs, r.StartThreads, r.EndThreads = first.FDs, end.FDs, first.Threads, end.Threads
	if r.Problem = fmt.Sprintf("too few samples to compare (%d in the middle third, %d in the last)", len(middle), len(last)); len(middle) < 3 || len(last) < 3 {
		return r
	}
	r.MiddleMedianMB, r.LastMedianMB, r.Problem = mb(median(middle)), mb(median(last)), ""
	r.LimitMB = round(r.MiddleMedianMB*growthFactor+growthSlackMB, 1)
	r.Growing = r.LastMedianMB > r.LimitMB
	return r
}

// median of xs (the lower middle one for an even count), which it sorts.
func median(xs []int64) int64 {
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}

// lateShareLimit is the share of late operations above which the rate counts as not
// sustained: the load was not what -rate asked for, so try a lower one.
const lateShareLimit = 0.01

// soakReport is everything a soak found; TotalErrors are request errors and integrity failures.
type soakReport struct {
	*header
	LoadSeconds, ReqPerSec, OpsPerSec, HubdStopSeconds float64
	Scheduled, CreatedHubs, TotalErrors                int
	Requests                                           loadTotals
	Integrity                                          integrity
	Memory                                             soakMemory
	CPU                                                cpuUse
	HubdLogLines                                       int64
	HubdStopError                                      string
	RateSustained, Pass                                bool
}

func (r *soakReport) passed() bool { return r.Pass }

func verdict(ok bool) string { return map[bool]string{true: "PASS", false: "FAIL"}[ok] }

// print writes the markdown report.
func (r *soakReport) print(w *bytes.Buffer) {
	t, m, c := r.Requests, r.Memory, r.CPU
	fmt.Fprintf(w, "## hubd soak\n\n%v of open-loop load at %g operations/s (%d workers) on %d seeded hubs, seed %d; "+
		"%d cores, %s, load average %s at the end; started %s.\n\n| | |\n|---|--:|\n",
		r.Options.Duration, r.Options.Rate, r.Options.Workers, r.Options.Hubs, r.Options.Seed,
		r.Machine.Cores, r.Machine.GoVersion, r.Machine.LoadAvg, r.Started.Format(time.RFC3339))
	growth := fmt.Sprintf("| **memory growth** (median RSS, last third vs middle third) | **%.1f vs %.1f MB, limit %.1f: %s** |",
		m.LastMedianMB, m.MiddleMedianMB, m.LimitMB, verdict(!m.Growing))
	if m.Problem != "" {
		growth = fmt.Sprintf("| **memory growth** | **%s: FAIL** |", m.Problem)
	}
	stop := fmt.Sprintf("exited 0 after %.2f s", r.HubdStopSeconds)
	if r.HubdStopError != "" {
		stop = "**" + r.HubdStopError + "**"
	}
	fmt.Fprintf(w, `| operations scheduled | %s |
| requests sent | %s |
| requests completed (answered) | %s |
| **errors** | **%s: %s** |
| late: started > %s after their time / never started | %d / %d |
| rate sustained (late ≤ 1%%) | %s |
| achieved | %.1f req/s (%.1f operations/s) over %.1f s |
| latency p50 / p90 / **p99** / max | %.2f / %.2f / **%.2f** / %.2f ms |
| CPU during the load, in cores of %d: load generator / hubd / PostgreSQL / other work / idle | %.2f / %.2f / %.2f / %.2f / %.2f |
| start lag p99 / max | %.2f / %.2f ms |
| created hubs checked in the database | %s (%d missing, %d wrong, %d skipped) |
| hubd RSS at %s / at the end / max | %.1f / %.1f / %.1f MB |
%s
| hubd threads / open files, start → end | %d → %d / %d → %d |
| hubd log lines (warn and above) | %d |
| hubd on SIGTERM | %s |
`, thousands(r.Scheduled), thousands(t.Sent), thousands(t.Completed), thousands(r.TotalErrors), verdict(r.TotalErrors == 0),
		lateAfter, t.LateStarted, t.NotStarted, map[bool]string{true: "yes", false: "**no**: lower -rate"}[r.RateSustained],
		r.ReqPerSec, r.OpsPerSec, r.LoadSeconds, t.Latency.P50ms, t.Latency.P90ms, t.Latency.P99ms, t.Latency.MaxMs,
		r.Machine.Cores, c.LoadGen, c.Hubd, c.Postgres, c.Other, c.Idle, t.StartLag.P99ms, t.StartLag.MaxMs,
		thousands(r.Integrity.Checked), r.Integrity.Missing, r.Integrity.Wrong, r.Integrity.Skipped, r.Options.Warmup, m.StartMB, m.EndMB, m.MaxMB,
		growth, m.StartThreads, m.EndThreads, m.StartFDs, m.EndFDs, r.HubdLogLines, stop)
	if t.Substituted > 0 {
		fmt.Fprintf(w, "| patches/deletes that found no free hub (created one instead) | %d |\n", t.Substituted)
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
		for _, s := range slices.Concat(t.ErrorSample, r.Integrity.Problems) {
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
	s := fmt.Sprint(max(n, -n))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return strings.Repeat("-", min(1, max(0, -n))) + s
}
