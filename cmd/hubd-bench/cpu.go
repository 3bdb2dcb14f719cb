package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat: 100 on Linux.
const clockTicks = 100

// cpuSample is the CPU time (user + system) used so far by the three parties that share the
// machine during a load: hubd-bench itself (the load generator), hubd, and PostgreSQL (the
// postmaster and its children alive at the time).
type cpuSample struct {
	at                  time.Time
	bench, hubd, postgr time.Duration
	machine             time.Duration // every process's, from /proc/stat
}

// cpuShare is what each party used during a load, per request and in cores.
type cpuShare struct {
	HubdMsPerReq     float64 `json:"hubdMsPerReq"`
	BenchMsPerReq    float64 `json:"loadGeneratorMsPerReq"`
	PostgresMsPerReq float64 `json:"postgresMsPerReq"`
	HubdCores        float64 `json:"hubdCores"`
	BenchCores       float64 `json:"loadGeneratorCores"`
	PostgresCores    float64 `json:"postgresCores"`
	// OtherCores is what the rest of the machine used meanwhile: noise when it is not near 0.
	OtherCores float64 `json:"otherCores"`
}

// cpuNow samples the three parties. A party it cannot read counts as zero.
func (b *bench) cpuNow() cpuSample {
	s := cpuSample{at: time.Now()}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.bench = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if b.serve != nil {
		if st, err := readStat(b.serve.pid()); err == nil {
			s.hubd = st.cpu
		}
	}
	if b.pgCPU != nil {
		s.postgr = b.pgCPU.total()
	}
	s.machine = machineCPU()
	return s
}

// machineCPU is the busy time of all CPUs since boot: the first line of /proc/stat, every
// field but idle and iowait (guest time is already in user).
func machineCPU() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
		if i == 3 || i == 4 {
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return time.Duration(busy) * time.Second / clockTicks
}

// share is the use between two samples, divided over n requests (or transactions).
func share(from, to cpuSample, n int) cpuShare {
	wall := to.at.Sub(from.at).Seconds()
	per := func(d time.Duration) float64 {
		if n == 0 {
			return 0
		}
		return round2(float64(d) / 1e6 / float64(n))
	}
	cores := func(d time.Duration) float64 { return round2(d.Seconds() / wall) }
	h, bn, p := to.hubd-from.hubd, to.bench-from.bench, to.postgr-from.postgr
	other := max(0, to.machine-from.machine-h-bn-p)
	return cpuShare{HubdMsPerReq: per(h), BenchMsPerReq: per(bn), PostgresMsPerReq: per(p),
		HubdCores: cores(h), BenchCores: cores(bn), PostgresCores: cores(p), OtherCores: cores(other)}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// procStat is the part of /proc/<pid>/stat used here.
type procStat struct {
	ppid int
	cpu  time.Duration
}

func readStat(pid int) (procStat, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(string(data))
}

// parseStat reads "pid (comm) state ppid ... utime stime ...": the command name may hold spaces
// and parentheses, so the fields are counted from the last ')'.
func parseStat(s string) (procStat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return procStat{}, fmt.Errorf("short stat %q", s)
	}
	ppid, err1 := strconv.Atoi(f[1])
	ut, err2 := strconv.ParseInt(f[11], 10, 64)
	st, err3 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	return procStat{ppid: ppid, cpu: time.Duration(ut+st) * time.Second / clockTicks}, nil
}

// pgWatch follows the CPU time of the postmaster and its children, sampling every interval so
// that a backend that exits (pgbench's, at the end of a run) keeps the time it was last seen
// with: total is the sum over every process ever seen, so it only grows.
type pgWatch struct {
	postmaster int
	mu         sync.Mutex
	last       map[int]time.Duration
	done       chan struct{}
	stopped    chan struct{}
	once       sync.Once
}

// startPGWatch reads the postmaster's pid from pidFile and samples until stop.
func startPGWatch(pidFile string, every time.Duration) (*pgWatch, error) {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return nil, err
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pidFile, err)
	}
	w := &pgWatch{postmaster: pm, last: map[int]time.Duration{}, done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(w.stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			w.total()
			select {
			case <-w.done:
				return
			case <-t.C:
			}
		}
	}()
	return w, nil
}

// total samples now and returns the CPU time of every PostgreSQL process seen so far.
func (w *pgWatch) total() time.Duration {
	entries, _ := os.ReadDir("/proc")
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := readStat(pid); err == nil && (pid == w.postmaster || st.ppid == w.postmaster) {
			w.last[pid] = max(w.last[pid], st.cpu)
		}
	}
	var sum time.Duration
	for _, d := range w.last {
		sum += d
	}
	return sum
}

// stop ends sampling; it may be called more than once.
func (w *pgWatch) stop() {
	w.once.Do(func() {
		close(w.done)
		<-w.stopped
	})
}
