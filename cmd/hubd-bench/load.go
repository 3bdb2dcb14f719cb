package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// client sends authenticated requests to hubd over kept-alive connections.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base, token string) *client {
	return &client{base: base, token: token, http: &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64, IdleConnTimeout: time.Minute},
		Timeout:   60 * time.Second,
	}}
}

// get sends one GET of path (with its query) and returns the status and the body.
func (c *client) get(ctx context.Context, path string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, body, err
}

// pageJSON is the part of a search response the benchmark reads.
type pageJSON struct {
	Content []json.RawMessage `json:"content"`
	Page    struct {
		Size            int    `json:"size"`
		Number          *int   `json:"number"`
		TotalElements   *int64 `json:"totalElements"`
		TotalIsEstimate bool   `json:"totalIsEstimate"`
		HasNext         *bool  `json:"hasNext"`
		NextCursor      string `json:"nextCursor"`
	} `json:"page"`
}

// getPage sends a search and decodes its page; anything but 200 is an error.
func (c *client) getPage(ctx context.Context, path string) (pageJSON, error) {
	var p pageJSON
	code, body, err := c.get(ctx, path)
	if err != nil {
		return p, fmt.Errorf("GET %s: %w", path, err)
	}
	if code != http.StatusOK {
		return p, fmt.Errorf("GET %s: %d %.300s", path, code, body)
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return p, fmt.Errorf("GET %s: %w", path, err)
	}
	return p, nil
}

// loadResult is what one fixed-duration load measured.
type loadResult struct {
	Requests   int            `json:"requests"`
	Seconds    float64        `json:"seconds"`
	ReqPerSec  float64        `json:"reqPerSec"`
	P50ms      float64        `json:"p50Ms"`
	P90ms      float64        `json:"p90Ms"`
	P99ms      float64        `json:"p99Ms"`
	MaxMs      float64        `json:"maxMs"`
	Errors     int            `json:"errors"`
	ErrorKinds map[string]int `json:"errorKinds,omitempty"` // status code or "transport"
	FirstError string         `json:"firstError,omitempty"`
}

// load runs concurrency clients in a closed loop on the paths next gives (worker, sequence),
// first for warmup unmeasured, then for duration measured: every request that starts in the
// measured window counts, with its whole latency. A non-2xx answer or a transport error is an
// error; its latency is kept too.
func (c *client) load(ctx context.Context, concurrency int, warmup, duration time.Duration, next func(worker, seq int) string) loadResult {
	start := time.Now()
	from, until := start.Add(warmup), start.Add(warmup+duration)
	type tally struct {
		lat   []time.Duration
		kinds map[string]int
		first string
	}
	tallies := make([]tally, concurrency)
	var wg sync.WaitGroup
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &tallies[w]
			t.lat, t.kinds = make([]time.Duration, 0, 4096), map[string]int{}
			for seq := 0; ctx.Err() == nil; seq++ {
				began := time.Now()
				if !began.Before(until) {
					return
				}
				code, body, err := c.get(ctx, next(w, seq))
				if began.Before(from) {
					continue
				}
				t.lat = append(t.lat, time.Since(began))
				kind := ""
				switch {
				case err != nil:
					kind = "transport"
				case code < 200 || code > 299:
					kind = fmt.Sprint(code)
				}
				if kind != "" {
					t.kinds[kind]++
					if t.first == "" {
						t.first = fmt.Sprintf("%s: %v %.200s", kind, err, body)
					}
				}
			}
		}()
	}
	wg.Wait()
	var all []time.Duration
	res := loadResult{ErrorKinds: map[string]int{}, Seconds: duration.Seconds()}
	for _, t := range tallies {
		all = append(all, t.lat...)
		for k, n := range t.kinds {
			res.ErrorKinds[k] += n
			res.Errors += n
		}
		if res.FirstError == "" {
			res.FirstError = t.first
		}
	}
	if len(res.ErrorKinds) == 0 {
		res.ErrorKinds = nil
	}
	slices.Sort(all)
	res.Requests = len(all)
	res.ReqPerSec = float64(len(all)) / duration.Seconds()
	res.P50ms = harness.Ms(harness.Percentile(all, 50))
	res.P90ms = harness.Ms(harness.Percentile(all, 90))
	res.P99ms = harness.Ms(harness.Percentile(all, 99))
	if len(all) > 0 {
		res.MaxMs = harness.Ms(all[len(all)-1])
	}
	return res
}
