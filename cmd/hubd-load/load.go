package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const hubsPath, requestTimeout = "/api/v1/hubs", 10 * time.Second // hubd's own deadline (5 s) answers 503 first

// client sends authenticated requests to hubd over at most conns kept-alive connections.
type client struct {
	base, token string
	http        *http.Client
}

func newClient(base, token string, conns int) *client {
	return &client{base: base, token: token, http: &http.Client{Timeout: requestTimeout, Transport: &http.Transport{
		MaxIdleConnsPerHost: conns, MaxIdleConns: conns, MaxConnsPerHost: conns, IdleConnTimeout: time.Minute}}}
}

// request is one HTTP request (method "" is GET) and what its answer must be: status want, and check.
type request struct {
	method, path, ctype string
	body                []byte
	header              map[string]string
	want                int
	check               func(answer) error
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// send does one request, checks it and records it under label in rec (nil: nowhere); the
// error kind is "transport", "body", the status or "bad answer".
func (c *client) send(ctx context.Context, rec *recorder, label string, q request) (a answer, err error) {
	began, what := time.Now(), cmp.Or(q.method, http.MethodGet)+" "+q.path
	req, err := http.NewRequestWithContext(ctx, q.method, c.base+q.path, bytes.NewReader(q.body))
	if err != nil {
		return a, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if q.ctype != "" {
		req.Header.Set("Content-Type", q.ctype)
	}
	for k, v := range q.header {
		req.Header.Set(k, v)
	}
	kind := "transport"
	res, err := c.http.Do(req)
	if err == nil {
		a.status, a.header, kind = res.StatusCode, res.Header, "body"
		a.body, err = io.ReadAll(res.Body)
		_ = res.Body.Close() // read to the end, or its error kept
	}
	switch {
	case err != nil:
		err = fmt.Errorf("%s: %w", what, err)
	case a.status != q.want:
		kind, err = strconv.Itoa(a.status), fmt.Errorf("%s: %d %.300s", what, a.status, a.body)
	case q.check == nil:
		kind = ""
	default:
		if kind, err = "", q.check(a); err != nil {
			kind, err = "bad answer", fmt.Errorf("%s: %w", what, err)
		}
	}
	rec.request(label, time.Since(began), a.status != 0, kind, err)
	return a, err
}

// pageDoc is what the tool reads of a search answer.
type pageDoc struct {
	Content []json.RawMessage
	Page    *struct {
		TotalElements *int64
		NextCursor    string
	}
}

// checkPage checks that an answer is a page, decoded into p (if not nil).
func checkPage(p *pageDoc) func(answer) error {
	return func(a answer) error {
		d := cmp.Or(p, &pageDoc{})
		if err := json.Unmarshal(a.body, d); err != nil {
			return fmt.Errorf("not a page: %w", err)
		}
		if d.Page == nil || d.Content == nil {
			return errors.New("a page without content or page")
		}
		return nil
	}
}

// closedLoop runs n clients that each send their next request (a GET of next(worker, sequence)
// that must answer 200) when the last is answered: for warmup unrecorded, then for duration.
func (c *client) closedLoop(ctx context.Context, n int, warmup, duration time.Duration, next func(w, seq int) string) *recorder {
	rec, from := newRecorder(), time.Now().Add(warmup)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for seq := 0; ctx.Err() == nil && time.Since(from) < duration; seq++ {
				r := rec
				if time.Now().Before(from) {
					r = nil
				}
				_, _ = c.send(ctx, r, "", request{path: next(w, seq), want: http.StatusOK})
			}
		})
	}
	wg.Wait()
	return rec
}

type latency struct {
	N                          int
	P50ms, P90ms, P99ms, MaxMs float64
}

// summarize sorts ds in place and summarizes it in ms, rounded to 0.01.
func summarize(ds []time.Duration) latency {
	slices.Sort(ds)
	ms := func(p float64) float64 { return round(float64(percentile(ds, p))/1e6, 2) }
	return latency{N: len(ds), P50ms: ms(50), P90ms: ms(90), P99ms: ms(99), MaxMs: ms(100)}
}

// percentile is the nearest-rank percentile p (0 < p <= 100) of sorted: the smallest value with
// at least p% of the values at or below it (so p50 of an even count is the lower middle); 0 for none.
func percentile[T cmp.Ordered](sorted []T, p float64) (zero T) {
	if len(sorted) == 0 {
		return zero
	}
	rank := int(math.Ceil(p * float64(len(sorted)) / 100)) // p*n first: 0.99*100 is not 99
	return sorted[min(max(rank, 1), len(sorted))-1]
}

const maxErrorSamples = 10 // error descriptions a report keeps

// recorder is safe for concurrent use; a nil one records nothing. A request that got an HTTP
// answer is "completed" whatever its status.
type recorder struct {
	mu    sync.Mutex
	t     loadTotals // the counters; totals adds up the rest
	kinds map[string]*kindResult
	lags  []time.Duration // open loop: how late each operation started after its time
}

func newRecorder() *recorder {
	return &recorder{t: loadTotals{ErrorKinds: map[string]int{}}, kinds: map[string]*kindResult{}}
}

// request records one request: kind "" for no error, else it groups errors; err is kept for the first few.
func (r *recorder) request(label string, d time.Duration, answered bool, kind string, err error) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[label]
	if k == nil {
		k = &kindResult{Kind: label}
		r.kinds[label] = k
	}
	k.Sent, k.durations = k.Sent+1, append(k.durations, d)
	if answered {
		k.Answered++
	}
	if kind != "" {
		k.Errors++
		if label != "" {
			kind, err = label+": "+kind, fmt.Errorf("%s: %w", label, err)
		}
		if r.t.ErrorKinds[kind]++; len(r.t.ErrorSample) < maxErrorSamples {
			r.t.ErrorSample = append(r.t.ErrorSample, err.Error())
		}
	}
}

func (r *recorder) started(lag time.Duration, late bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lags = append(r.lags, lag); late {
		r.t.LateStarted++
	}
}

// count adds one to a counter of r.t.
func (r *recorder) count(n *int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*n++
}

type kindResult struct {
	Kind                   string
	Sent, Answered, Errors int
	latency
	durations []time.Duration
}

// loadTotals: Substituted are the soak's writes that found no hub and created one instead.
type loadTotals struct {
	Sent, Completed, Errors              int
	LateStarted, NotStarted, Substituted int
	Latency, StartLag                    latency
	Kinds                                []kindResult `json:",omitempty"`
	ErrorKinds                           map[string]int
	ErrorSample                          []string
}

// totals sums up everything recorded, the kinds in the order of order (then any others).
func (r *recorder) totals(order []string) loadTotals {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.t
	out.StartLag, out.ErrorKinds, out.ErrorSample = summarize(slices.Clone(r.lags)), maps.Clone(r.t.ErrorKinds), slices.Clone(r.t.ErrorSample)
	if len(out.ErrorKinds) == 0 {
		out.ErrorKinds = nil
	}
	var all []time.Duration
	for _, l := range slices.Concat(order, slices.Sorted(maps.Keys(r.kinds))) {
		if k := r.kinds[l]; k != nil && !slices.ContainsFunc(out.Kinds, func(x kindResult) bool { return x.Kind == l }) {
			all = append(all, k.durations...)
			out.Sent, out.Completed, out.Errors = out.Sent+k.Sent, out.Completed+k.Answered, out.Errors+k.Errors
			k.latency = summarize(slices.Clone(k.durations))
			out.Kinds = append(out.Kinds, *k)
		}
	}
	out.Latency = summarize(all)
	return out
}

const clockTicks = 100 // USER_HZ, the unit of the times in /proc/<pid>/stat and /proc/stat

// cpuSample is the CPU time used so far by the load generator (self), hubd, PostgreSQL and the machine.
type cpuSample struct {
	at                         time.Time
	self, hubd, postgres, busy time.Duration
}

// cpuNow counts a party it cannot read as zero.
func (e *env) cpuNow() cpuSample {
	st, _ := readStat(e.hubdPid)
	s := cpuSample{at: time.Now(), hubd: st.own, postgres: postgresCPU(e.pgPID), busy: parseMachineBusy(procText("/proc/stat"))}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s
}

// cpuUse is what each party used between two samples, per request (or pgbench transaction) in
// ms and in cores; Other is the rest of the machine, noise when not near 0.
type cpuUse struct {
	LoadGenMsPerReq, HubdMsPerReq, PostgresMsPerReq float64
	LoadGen, Hubd, Postgres, Other, Idle            float64
}

// cpuBetween is the use between two samples over n requests (0: none per request).
func cpuBetween(from, to cpuSample, n, cores int) cpuUse {
	wall := to.at.Sub(from.at).Seconds()
	if wall <= 0 {
		return cpuUse{}
	}
	self, hubd, pg, busy := to.self-from.self, to.hubd-from.hubd, to.postgres-from.postgres, to.busy-from.busy
	c := func(d time.Duration) float64 { return round(d.Seconds()/wall, 2) }
	u := cpuUse{LoadGen: c(self), Hubd: c(hubd), Postgres: c(pg), Other: c(max(0, busy-self-hubd-pg)),
		Idle: max(0, round(float64(cores)-busy.Seconds()/wall, 2))}
	if n > 0 {
		per := func(d time.Duration) float64 { return round(float64(d)/1e6/float64(n), 3) }
		u.LoadGenMsPerReq, u.HubdMsPerReq, u.PostgresMsPerReq = per(self), per(hubd), per(pg)
	}
	return u
}

// postgresCPU is the postmaster's CPU time with that of the children it reaped and those alive
// now: the difference of two readings is exact however backends come and go.
func postgresCPU(postmaster int) time.Duration {
	if postmaster <= 0 {
		return 0
	}
	st, _ := readStat(postmaster)
	sum := st.own + st.reaped
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			if st, err := readStat(pid); err == nil && st.ppid == postmaster {
				sum += st.own
			}
		}
	}
	return sum
}

// parseMachineBusy sums the first line of /proc/stat but idle and iowait (guest is in user).
func parseMachineBusy(s string) (busy time.Duration) {
	line, _, _ := strings.Cut(s, "\n")
	if f := strings.Fields(line); len(f) >= 9 && f[0] == "cpu" {
		for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
			if n, _ := strconv.ParseInt(v, 10, 64); i != 3 && i != 4 {
				busy += time.Duration(n) * time.Second / clockTicks
			}
		}
	}
	return busy
}

// procStat is a /proc/<pid>/stat: own is utime+stime, reaped cutime+cstime (children waited for).
type procStat struct {
	ppid        int
	own, reaped time.Duration
}

func readStat(pid int) (procStat, error) {
	return parseStat(procText(fmt.Sprintf("/proc/%d/stat", pid)))
}

// parseStat reads "pid (comm) state ppid … utime stime cutime cstime …"; the command may hold
// spaces and parentheses, so fields are counted from the last ')'.
func parseStat(s string) (procStat, error) {
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // f[0] is field 3, state
	if !strings.Contains(s, ")") || len(f) < 15 {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	var n [5]int
	if _, err := fmt.Sscan(strings.Join(append(f[11:15:15], f[1]), " "), &n[0], &n[1], &n[2], &n[3], &n[4]); err != nil {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	tick := time.Second / clockTicks
	return procStat{ppid: n[4], own: time.Duration(n[0]+n[1]) * tick, reaped: time.Duration(n[2]+n[3]) * tick}, nil
}

// memSample is T seconds into the watch; VmHWM, the kernel's peak RSS, catches peaks between samples.
type memSample struct {
	T            float64
	RSSkB, HWMkB int64
}

// watchMemory reads a process's memory now, every interval and once more when stopped; stop
// returns the samples (what was seen stays when the process is gone) and may be called again.
func watchMemory(pid int, every time.Duration) (stop func() []memSample) {
	start, done, out := time.Now(), make(chan struct{}), make(chan []memSample, 1)
	go func() {
		var samples []memSample
		t := time.NewTicker(every)
		defer t.Stop()
		for stopped := false; ; {
			if s, err := parseStatus(procText(fmt.Sprintf("/proc/%d/status", pid))); err == nil {
				s.T = round(time.Since(start).Seconds(), 1)
				samples = append(samples, s)
			}
			if stopped {
				out <- samples
				return
			}
			select {
			case <-done:
				stopped = true
			case <-t.C:
			}
		}
	}()
	return sync.OnceValue(func() []memSample { close(done); return <-out })
}

// parseStatus reads VmRSS and VmHWM; a status without them (a zombie's) is an error.
func parseStatus(status string) (s memSample, err error) {
	for key, p := range map[string]*int64{"VmRSS": &s.RSSkB, "VmHWM": &s.HWMkB} {
		var e error
		*p, e = strconv.ParseInt(strings.TrimSuffix(procField(status, key), " kB"), 10, 64)
		err = cmp.Or(err, e)
	}
	return s, err
}

// mb is kB in MiB, to 0.1.
func mb(kB int64) float64 { return round(float64(kB)/1024, 1) }

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// procText is "" when the file cannot be read.
func procText(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// procField is the value of the first "key: value" line of a /proc file's text, "unknown" without one.
func procField(text, key string) string {
	for line := range strings.Lines(text) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
