package main

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// latency is the summary of a set of durations, in milliseconds.
type latency struct {
	N     int     `json:"n"`
	P50ms float64 `json:"p50Ms"`
	P90ms float64 `json:"p90Ms"`
	P99ms float64 `json:"p99Ms"`
	MaxMs float64 `json:"maxMs"`
}

// summarize sorts ds in place and summarizes it.
func summarize(ds []time.Duration) latency {
	slices.Sort(ds)
	l := latency{N: len(ds), P50ms: harness.Ms(harness.Percentile(ds, 50)), P90ms: harness.Ms(harness.Percentile(ds, 90)), P99ms: harness.Ms(harness.Percentile(ds, 99))}
	if len(ds) > 0 {
		l.MaxMs = harness.Ms(ds[len(ds)-1])
	}
	return l
}

// maxErrorSamples is how many error descriptions the report keeps.
const maxErrorSamples = 10

// recorder collects every request's outcome; it is safe for concurrent use. A request that
// got an HTTP answer is "completed" whatever its status; an error is a transport error, a
// status other than the one the operation must get, or an answer it cannot read.
type recorder struct {
	mu          sync.Mutex
	byLabel     map[string]*tally
	lags        []time.Duration // how late each operation started after its scheduled time
	lateStarted int             // operations that started more than lateAfter late
	notStarted  int             // operations that found the pool and its queue full: never sent
	substituted int             // patches and deletes that found no free hub and created one instead
	errorKinds  map[string]int  // "get: 500", "create: transport"…
	errorSample []string
}

// tally is one label's requests.
type tally struct {
	lat    []time.Duration
	sent   int
	done   int // got an answer
	errors int
}

func newRecorder() *recorder {
	return &recorder{byLabel: map[string]*tally{}, errorKinds: map[string]int{}}
}

func (r *recorder) tally(label string) *tally {
	t := r.byLabel[label]
	if t == nil {
		t = &tally{}
		r.byLabel[label] = t
	}
	return t
}

// request records one request: its latency, whether it got an answer, and what was wrong
// with it ("" for nothing; errKind groups errors, detail is kept for the first few).
func (r *recorder) request(label string, d time.Duration, answered bool, errKind, detail string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := r.tally(label)
	t.sent++
	t.lat = append(t.lat, d)
	if answered {
		t.done++
	}
	if errKind != "" {
		t.errors++
		r.errorKinds[label+": "+errKind]++
		if len(r.errorSample) < maxErrorSamples {
			r.errorSample = append(r.errorSample, label+": "+detail)
		}
	}
}

// started records how late an operation started, and whether that counts as late.
func (r *recorder) started(lag time.Duration, late bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lags = append(r.lags, lag)
	if late {
		r.lateStarted++
	}
}

func (r *recorder) dropped() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notStarted++
}

func (r *recorder) substitute() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.substituted++
}

// counts is a running total, for progress lines.
func (r *recorder) counts() (sent, errors int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range r.byLabel {
		sent += t.sent
		errors += t.errors
	}
	return sent, errors
}

// kindResult is one line of the per-kind table.
type kindResult struct {
	Kind     string `json:"kind"`
	Sent     int    `json:"sent"`
	Answered int    `json:"answered"`
	Errors   int    `json:"errors"`
	latency
}

// loadTotals is what the recorder adds up to at the end.
type loadTotals struct {
	Sent        int            `json:"sent"`
	Completed   int            `json:"completed"`
	Errors      int            `json:"errors"`
	LateStarted int            `json:"lateStarted"`
	NotStarted  int            `json:"notStarted"`
	Substituted int            `json:"substituted"`
	Latency     latency        `json:"latency"`
	StartLag    latency        `json:"startLag"`
	Kinds       []kindResult   `json:"kinds"`
	ErrorKinds  map[string]int `json:"errorKinds,omitempty"`
	ErrorSample []string       `json:"errorSample,omitempty"`
}

// totals summarizes everything recorded, the kinds in the order of order (then any others).
func (r *recorder) totals(order []string) loadTotals {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := loadTotals{LateStarted: r.lateStarted, NotStarted: r.notStarted, Substituted: r.substituted,
		StartLag: summarize(slices.Clone(r.lags)), ErrorSample: slices.Clone(r.errorSample)}
	if len(r.errorKinds) > 0 {
		out.ErrorKinds = maps.Clone(r.errorKinds)
	}
	labels := slices.Clone(order)
	for _, l := range slices.Sorted(maps.Keys(r.byLabel)) {
		if !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	var all []time.Duration
	for _, l := range labels {
		t := r.byLabel[l]
		if t == nil {
			continue
		}
		all = append(all, t.lat...)
		out.Sent += t.sent
		out.Completed += t.done
		out.Errors += t.errors
		out.Kinds = append(out.Kinds, kindResult{Kind: l, Sent: t.sent, Answered: t.done, Errors: t.errors,
			latency: summarize(slices.Clone(t.lat))})
	}
	out.Latency = summarize(all)
	return out
}
