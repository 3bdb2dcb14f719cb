package main

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const clockTicks = 100 // USER_HZ, the unit of the times in /proc/<pid>/stat and /proc/stat

// cpuSample is the CPU time used so far by the load generator (self), hubd, PostgreSQL and the machine.
type cpuSample struct {
	at                         time.Time
	self, hubd, postgres, busy time.Duration
}

// cpuNow counts a party it cannot read as zero.
func (e *env) cpuNow() cpuSample {
	s := cpuSample{at: time.Now(), postgres: postgresCPU(e.pgPID), busy: parseMachineBusy(procText("/proc/stat"))}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	st, _ := readStat(e.hubdPid)
	s.hubd = st.own
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
	n := make([]int, 5)
	for j, field := range append(f[11:15:15], f[1]) {
		var err error
		if n[j], err = strconv.Atoi(field); err != nil {
			return procStat{}, fmt.Errorf("malformed stat %q", s)
		}
	}
	tick := time.Second / clockTicks
	return procStat{ppid: n[4], own: time.Duration(n[0]+n[1]) * tick, reaped: time.Duration(n[2]+n[3]) * tick}, nil
}

// postmasterPID is the first line of a data directory's postmaster.pid; 0 when unreadable.
func postmasterPID(dataDir string) int {
	line, _, _ := strings.Cut(procText(dataDir+"/postmaster.pid"), "\n")
	return int(atoi(line))
}

// memSample is a /proc/<pid>/status T seconds into the watch; VmHWM, the kernel's peak RSS,
// catches peaks between samples.
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
