package harness

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

// SelfCPU is the CPU time (user + system) this process has used so far; 0 when unreadable.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ProcessCPU is the CPU time (user + system) process pid has used so far; 0 when unreadable.
func ProcessCPU(pid int) time.Duration {
	st, err := ReadStat(pid)
	if err != nil {
		return 0
	}
	return st.Own
}

// PostgresCPU is the CPU time of PostgreSQL so far: the postmaster with the children it has
// reaped and those alive now, which makes a difference of two readings exact however backends
// come and go. What cannot be read counts as zero; so does everything when postmasterPID <= 0.
func PostgresCPU(postmasterPID int) time.Duration {
	if postmasterPID <= 0 {
		return 0
	}
	var sum time.Duration
	if st, err := ReadStat(postmasterPID); err == nil {
		sum = st.Own + st.Reaped
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			if st, err := ReadStat(pid); err == nil && st.PPID == postmasterPID {
				sum += st.Own
			}
		}
	}
	return sum
}

// MachineBusy is the busy time of all CPUs since boot: the first line of /proc/stat, every
// field but idle and iowait (guest time is already in user).
func MachineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	return parseMachineBusy(string(b))
}

func parseMachineBusy(s string) time.Duration {
	line, _, _ := strings.Cut(s, "\n")
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

// ProcStat is the part of /proc/<pid>/stat the tools use.
type ProcStat struct {
	PPID        int
	Own, Reaped time.Duration // utime+stime; cutime+cstime (children waited for)
}

// ReadStat reads /proc/<pid>/stat.
func ReadStat(pid int) (ProcStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ProcStat{}, err
	}
	return ParseStat(string(b))
}

// ParseStat reads "pid (comm) state ppid … utime stime cutime cstime …"; the command may hold
// spaces and parentheses, so fields are counted from the last ')'.
func ParseStat(s string) (ProcStat, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ProcStat{}, fmt.Errorf("malformed stat %q", s)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3, state
	if len(f) < 15 {
		return ProcStat{}, fmt.Errorf("short stat %q", s)
	}
	n := make([]int64, 4)
	for j := range n {
		var err error
		if n[j], err = strconv.ParseInt(f[11+j], 10, 64); err != nil {
			return ProcStat{}, fmt.Errorf("malformed stat %q", s)
		}
	}
	ppid, err := strconv.Atoi(f[1])
	if err != nil {
		return ProcStat{}, fmt.Errorf("malformed stat %q", s)
	}
	tick := time.Second / clockTicks
	return ProcStat{PPID: ppid, Own: time.Duration(n[0]+n[1]) * tick, Reaped: time.Duration(n[2]+n[3]) * tick}, nil
}

// PostmasterPID reads the first line of postmaster.pid in a data directory; 0 when it cannot.
func PostmasterPID(dataDir string) int {
	b, err := os.ReadFile(dataDir + "/postmaster.pid")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}
