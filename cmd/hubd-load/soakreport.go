package main

import (
	"bytes"
	"cmp"
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

// integrity is the check after the load that every hub the soak created is in the database,
// live, at the version of the last answer the soak got for it.
type integrity struct {
	Checked  int      `json:"checked"`
	Skipped  int      `json:"skipped"` // hubs whose last change failed: their state is unknown
	Missing  int      `json:"missing"`
	Wrong    int      `json:"wrong"` // deleted, or at another version
	Problems []string `json:"problems,omitempty"`
	CheckErr string   `json:"error,omitempty"`
}

// failures is how many errors the check adds to the run's.
func (c integrity) failures() int {
	if c.CheckErr != "" {
		return c.Missing + c.Wrong + 1
	}
	return c.Missing + c.Wrong
}

// checkCreated looks up every hub whose state the soak knows (want: id to version) and counts
// those missing from the hubs table, and those deleted or at another version than the last answer said.
func checkCreated(ctx context.Context, db *sql.DB, want map[string]int64, skipped int) integrity {
	res := integrity{Checked: len(want), Skipped: skipped}
	ids := slices.Collect(maps.Keys(want))
	versions := make([]int64, len(ids))
	for i, id := range ids {
		versions[i] = want[id]
	}
	rows, err := db.QueryContext(ctx, `SELECT w.id::text, w.version, h.version, h.is_deleted
		FROM unnest($1::uuid[], $2::bigint[]) AS w(id, version) LEFT JOIN hubs h ON h.hub_id = w.id
		WHERE h.hub_id IS NULL OR h.is_deleted OR h.version <> w.version`, pq.Array(ids), pq.Array(versions))
	if err == nil {
		defer rows.Close()
		for err == nil && rows.Next() {
			var id string
			var said int64
			var version sql.NullInt64
			var deleted sql.NullBool
			if err = rows.Scan(&id, &said, &version, &deleted); err != nil {
				break
			}
			problem := fmt.Sprintf("hub %s: answered 201, not in the database", id)
			if version.Valid {
				res.Wrong++
				problem = fmt.Sprintf("hub %s: version %d deleted %v in the database, the last answer said version %d, live", id, version.Int64, deleted.Bool, said)
			} else {
				res.Missing++
			}
			if len(res.Problems) < maxErrorSamples {
				res.Problems = append(res.Problems, problem)
			}
		}
		err = cmp.Or(err, rows.Err())
	}
	if err != nil {
		res.CheckErr = err.Error()
	}
	return res
}

// Growth rule: memory "keeps growing" when the median RSS over the last third of the run is
// above the median over the middle third by more than growthFactor, plus growthSlackMB for
// the noise of a small heap (a GC cycle, a new pooled connection). The first third is left
// out: it is warm-up (caches, connection pools, the runtime's heap goal settling).
const (
	growthFactor  = 1.2
	growthSlackMB = 5.0
)

// soakMemory is the memory part of the soak's report, in MB (MiB).
type soakMemory struct {
	WarmupSeconds  float64     `json:"warmupSeconds"`
	StartMB        float64     `json:"startMb"` // the first sample at or after the warm-up
	EndMB          float64     `json:"endMb"`   // the last sample of the load
	MaxMB          float64     `json:"maxMb"`
	MiddleMedianMB float64     `json:"middleThirdMedianMb"`
	LastMedianMB   float64     `json:"lastThirdMedianMb"`
	LimitMB        float64     `json:"limitMb"` // middle × growthFactor + growthSlackMB
	Growing        bool        `json:"growing"`
	StartFDs       int         `json:"startFds"`
	EndFDs         int         `json:"endFds"`
	StartThreads   int64       `json:"startThreads"`
	EndThreads     int64       `json:"endThreads"`
	Samples        []memSample `json:"samples"`
	Problem        string      `json:"problem,omitempty"` // why no verdict could be reached
}

// judgeMemory computes the figures and the growth verdict from the samples of a load of the
// given length. Too few samples in a third is itself a failure: the check could not run.
func judgeMemory(samples []memSample, duration, warmup time.Duration) soakMemory {
	r := soakMemory{WarmupSeconds: warmup.Seconds(), Samples: samples}
	if len(samples) == 0 {
		r.Problem, r.Growing = "no memory samples", true
		return r
	}
	d := duration.Seconds()
	var middle, last []int64
	startIdx := len(samples) - 1
	for i, s := range samples {
		r.MaxMB = max(r.MaxMB, mb(s.RSSkB))
		if s.T >= warmup.Seconds() && i < startIdx {
			startIdx = i
		}
		switch {
		case s.T >= 2*d/3:
			last = append(last, s.RSSkB)
		case s.T >= d/3:
			middle = append(middle, s.RSSkB)
		}
	}
	first, end := samples[startIdx], samples[len(samples)-1]
	r.StartMB, r.EndMB = mb(first.RSSkB), mb(end.RSSkB)
	r.StartFDs, r.EndFDs, r.StartThreads, r.EndThreads = first.FDs, end.FDs, first.Threads, end.Threads
	if len(middle) < 3 || len(last) < 3 {
		r.Problem = fmt.Sprintf("too few samples to compare (%d in the middle third, %d in the last)", len(middle), len(last))
		r.Growing = true
		return r
	}
	r.MiddleMedianMB, r.LastMedianMB = mb(median(middle)), mb(median(last))
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

// soakReport is everything a soak found.
type soakReport struct {
	*header
	LoadSeconds     float64    `json:"loadSeconds"` // from the first operation to the last answer
	Scheduled       int        `json:"scheduledOperations"`
	ReqPerSec       float64    `json:"achievedReqPerSec"` // completed requests per second
	OpsPerSec       float64    `json:"achievedOpsPerSec"` // operations started per second
	Requests        loadTotals `json:"requests"`
	Integrity       integrity  `json:"integrity"`
	Memory          soakMemory `json:"memory"`
	CPU             cpuUse     `json:"cpu"`         // during the load
	CreatedHubs     int        `json:"createdHubs"` // in the pool at the end, the precreated ones included
	HubdLogLines    int64      `json:"hubdLogLines"`
	HubdStopSeconds float64    `json:"hubdStopSeconds"`
	HubdStopError   string     `json:"hubdStopError,omitempty"`
	TotalErrors     int        `json:"totalErrors"` // request errors and integrity failures
	RateSustained   bool       `json:"rateSustained"`
	Pass            bool       `json:"pass"` // no errors and no memory growth
}

func (r *soakReport) passed() bool                { return r.Pass }
func (r *soakReport) drawings() map[string][]byte { return nil }

func verdict(ok bool) string { return map[bool]string{true: "PASS", false: "FAIL"}[ok] }

// print writes the markdown report.
func (r *soakReport) print(w *bytes.Buffer) {
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
		"%.2f / %.2f / %.2f / %.2f / %.2f", r.CPU.LoadGen, r.CPU.Hubd, r.CPU.Postgres, r.CPU.Other, r.CPU.Idle)
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
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
