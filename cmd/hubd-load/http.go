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
	"slices"
	"strconv"
	"sync"
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

// recorder collects every request's outcome; it is safe for concurrent use, and a nil recorder
// records nothing. A request that got an HTTP answer is "completed" whatever its status.
type recorder struct {
	mu    sync.Mutex
	t     loadTotals // the counters; totals adds up the rest
	kinds map[string]*kindResult
	lat   map[string][]time.Duration // by label
	lags  []time.Duration            // open loop: how late each operation started after its time
}

func newRecorder() *recorder {
	return &recorder{t: loadTotals{ErrorKinds: map[string]int{}}, kinds: map[string]*kindResult{}, lat: map[string][]time.Duration{}}
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
	k.Sent++
	r.lat[label] = append(r.lat[label], d)
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
			all = append(all, r.lat[l]...)
			out.Sent, out.Completed, out.Errors = out.Sent+k.Sent, out.Completed+k.Answered, out.Errors+k.Errors
			k.latency = summarize(slices.Clone(r.lat[l]))
			out.Kinds = append(out.Kinds, *k)
		}
	}
	out.Latency = summarize(all)
	return out
}
