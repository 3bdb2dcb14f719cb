package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of the times in /proc/<pid>/stat and /proc/stat: 100 on Linux.
const clockTicks = 100

// cpuSnapshot is the CPU time (user + system) used so far by the parties sharing the machine.
type cpuSnapshot struct {
	at                   time.Time
	soak, hubd, postgres time.Duration
	busy                 time.Duration // every process's, from /proc/stat
}

// cpuUse is what each party used during the load, in cores (1.0 is one core all the time).
// Other is the rest of the machine: when it is not near 0, the figures share the cores with
// work that is not the soak's.
type cpuUse struct {
	Soak     float64 `json:"loadGeneratorCores"`
	Hubd     float64 `json:"hubdCores"`
	Postgres float64 `json:"postgresCores"`
	Other    float64 `json:"otherCores"`
	Idle     float64 `json:"idleCores"`
}

// takeCPU snapshots this process, hubd and PostgreSQL (the postmaster with the children it
// has reaped and those alive now, which makes a difference of two snapshots exact however
// backends come and go). What cannot be read counts as zero.
func takeCPU(hubdPID, postmasterPID int) cpuSnapshot {
	s := cpuSnapshot{at: time.Now(), busy: machineBusy()}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.soak = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if st, err := readStat(hubdPID); err == nil {
		s.hubd = st.own
	}
	if postmasterPID <= 0 {
		return s
	}
	if st, err := readStat(postmasterPID); err == nil {
		s.postgres = st.own + st.reaped
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			if st, err := readStat(pid); err == nil && st.ppid == postmasterPID {
				s.postgres += st.own
			}
		}
	}
	return s
}

// use is the CPU used between two snapshots, over cores cores.
func use(from, to cpuSnapshot, cores int) cpuUse {
	wall := to.at.Sub(from.at).Seconds()
	if wall <= 0 {
		return cpuUse{}
	}
	c := func(d time.Duration) float64 { return round(d.Seconds()/wall, 2) }
	soak, hubd, pg, busy := to.soak-from.soak, to.hubd-from.hubd, to.postgres-from.postgres, to.busy-from.busy
	return cpuUse{Soak: c(soak), Hubd: c(hubd), Postgres: c(pg), Other: c(max(0, busy-soak-hubd-pg)),
		Idle: max(0, round(float64(cores)-busy.Seconds()/wall, 2))}
}

// machineBusy is the busy time of all CPUs since boot: the first line of /proc/stat, every
// field but idle and iowait.
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:9] { // user nice system idle iowait irq softirq steal
		if i != 3 && i != 4 {
			n, _ := strconv.ParseInt(v, 10, 64)
			busy += n
		}
	}
	return time.Duration(busy) * time.Second / clockTicks
}

// procStat is the part of /proc/<pid>/stat used here.
type procStat struct {
	ppid        int
	own, reaped time.Duration // utime+stime; cutime+cstime (children waited for)
}

func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(string(b))
}

// parseStat reads "pid (comm) state ppid … utime stime cutime cstime …"; the command may hold
// spaces and parentheses, so fields are counted from the last ')'.
func parseStat(s string) (procStat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3, state
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("short stat %q", s)
	}
	n := make([]int64, 4)
	for j := range n {
		var err error
		if n[j], err = strconv.ParseInt(f[11+j], 10, 64); err != nil {
			return procStat{}, fmt.Errorf("malformed stat %q", s)
		}
	}
	ppid, err := strconv.Atoi(f[1])
	if err != nil {
		return procStat{}, fmt.Errorf("malformed stat %q", s)
	}
	tick := time.Second / clockTicks
	return procStat{ppid: ppid, own: time.Duration(n[0]+n[1]) * tick, reaped: time.Duration(n[2]+n[3]) * tick}, nil
}

// postmasterPID reads the first line of postmaster.pid in a data directory; 0 when it cannot.
func postmasterPID(dataDir string) int {
	b, err := os.ReadFile(dataDir + "/postmaster.pid")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}
