package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memSample is one reading of hubd's /proc/<pid>/status (and its open files) during the load.
type memSample struct {
	T       float64 `json:"t"`     // seconds since the load started
	RSSkB   int64   `json:"rssKb"` // VmRSS
	Threads int64   `json:"threads"`
	FDs     int     `json:"fds"` // open file descriptors: sockets to clients and PostgreSQL
}

// memSampler reads hubd's memory once per interval until stopped.
type memSampler struct {
	mu      sync.Mutex
	samples []memSample
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// startMemSampler samples pid now and then every interval; t counts from start.
func startMemSampler(pid int, start time.Time, every time.Duration) *memSampler {
	m := &memSampler{done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(m.stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if s, err := readSample(pid); err == nil {
				s.T = math.Round(time.Since(start).Seconds()*10) / 10
				m.mu.Lock()
				m.samples = append(m.samples, s)
				m.mu.Unlock()
			}
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// stop ends sampling and returns the samples; it may be called more than once.
func (m *memSampler) stop() []memSample {
	m.once.Do(func() { close(m.done); <-m.stopped })
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.samples)
}

// last is the latest sample, for progress lines.
func (m *memSampler) last() (memSample, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.samples) == 0 {
		return memSample{}, false
	}
	return m.samples[len(m.samples)-1], true
}

// readSample reads VmRSS and Threads from /proc/<pid>/status and counts /proc/<pid>/fd.
func readSample(pid int) (memSample, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memSample{}, err
	}
	defer f.Close()
	st, err := parseStatus(bufio.NewScanner(f))
	if err != nil {
		return memSample{}, err
	}
	s := memSample{RSSkB: st["VmRSS"], Threads: st["Threads"]}
	if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
		s.FDs = len(fds)
	}
	return s, nil
}

// parseStatus reads the numeric fields of /proc/<pid>/status that matter here: lines such as
// "VmRSS:	   12345 kB" and "Threads:	12".
func parseStatus(sc *bufio.Scanner) (map[string]int64, error) {
	out := map[string]int64{}
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "Threads") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		out[key] = n
	}
	if _, ok := out["VmRSS"]; !ok && sc.Err() == nil {
		return nil, fmt.Errorf("no VmRSS (a zombie?)")
	}
	return out, sc.Err()
}

// Growth rule: memory "keeps growing" when the median RSS over the last third of the run is
// above the median over the middle third by more than growthFactor, plus growthSlackMB for
// the noise of a small heap (a GC cycle, a new pooled connection). The first third is left
// out: it is warm-up (caches, connection pools, the runtime's heap goal settling).
const (
	growthFactor  = 1.2
	growthSlackMB = 5.0
)

// memResult is the memory part of the report, in MB (MiB).
type memResult struct {
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
func judgeMemory(samples []memSample, duration, warmup time.Duration) memResult {
	r := memResult{WarmupSeconds: warmup.Seconds(), Samples: samples}
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
	r.LimitMB = math.Round((r.MiddleMedianMB*growthFactor+growthSlackMB)*10) / 10
	r.Growing = r.LastMedianMB > r.LimitMB
	return r
}

// median of xs (the lower middle one for an even count), which it sorts.
func median(xs []int64) int64 {
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}

// mb is kB in MB (MiB), to 0.1.
func mb(kB int64) float64 { return math.Round(float64(kB)/1024*10) / 10 }
