package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memSampler reads a process's resident memory from /proc/<pid>/status at a fixed interval,
// keeping the largest VmRSS it saw and the kernel's own high-water mark (VmHWM), which also
// catches peaks between two samples.
type memSampler struct {
	pid      int
	every    time.Duration
	done     chan struct{}
	stopped  chan struct{}
	once     sync.Once
	mu       sync.Mutex
	maxRSSkB int64
	hwmkB    int64
	samples  int
}

// memResult is the memory part of the report.
type memResult struct {
	PeakRSSMB float64 `json:"peakRssMb"` // the largest sampled VmRSS
	VmHWMMB   float64 `json:"vmHwmMb"`   // the kernel's peak RSS of the process
	Samples   int     `json:"samples"`
	Interval  string  `json:"interval"`
}

func startMemSampler(pid int, every time.Duration) *memSampler {
	m := &memSampler{pid: pid, every: every, done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(m.stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) sample() {
	st, err := readStatus(m.pid)
	if err != nil {
		return // the process is gone; what was seen stays
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.samples++
	m.maxRSSkB = max(m.maxRSSkB, st["VmRSS"])
	m.hwmkB = max(m.hwmkB, st["VmHWM"])
}

// stop ends sampling after one last sample; it may be called more than once.
func (m *memSampler) stop() {
	m.once.Do(func() {
		close(m.done)
		<-m.stopped
		m.sample()
	})
}

// result takes a last sample (VmHWM now) and reports the peaks in MB (MiB).
func (m *memSampler) result() memResult {
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	return memResult{PeakRSSMB: mb(m.maxRSSkB), VmHWMMB: mb(m.hwmkB), Samples: m.samples, Interval: m.every.String()}
}

func mb(kB int64) float64 { return float64(kB*10/1024) / 10 }

// readStatus reads the kB fields of /proc/<pid>/status that matter here.
func readStatus(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseStatus(bufio.NewScanner(f))
}

// parseStatus reads lines such as "VmRSS:	   12345 kB".
func parseStatus(sc *bufio.Scanner) (map[string]int64, error) {
	out := map[string]int64{}
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		out[key] = n
	}
	return out, sc.Err()
}
