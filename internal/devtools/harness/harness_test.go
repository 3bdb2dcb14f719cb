package harness

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	thousand := make([]time.Duration, 1000)
	for i := range thousand {
		thousand[i] = time.Duration(i+1) * time.Microsecond
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"empty p99", nil, 99, 0},
		{"one", ms(7), 50, 7 * time.Millisecond},
		{"one p99", ms(7), 99, 7 * time.Millisecond},
		{"p50 of even", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p50 of odd", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"p99 of 100 is the 99th", hundred, 99, 99 * time.Millisecond},
		{"p90 of 100 is the 90th", hundred, 90, 90 * time.Millisecond},
		{"p50 of 100 is the 50th", hundred, 50, 50 * time.Millisecond},
		{"p100 is the max", hundred, 100, 100 * time.Millisecond},
		{"p0.1 of 100 is the min", hundred, 0.1, time.Millisecond},
		{"p99 of 1000 is the 990th", thousand, 99, 990 * time.Microsecond},
		{"p99 of 10 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	}
	for _, c := range cases {
		if got := Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: Percentile(p%v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
	if got := Ms(1234567 * time.Nanosecond); got != 1.23 {
		t.Errorf("Ms(1.234567ms) = %v", got)
	}
}

func TestParseStat(t *testing.T) {
	for _, c := range []struct {
		stat string
		want ProcStat
	}{
		{"4242 (postgres: bench (x) idle) S 4100 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0 100 0 0\n",
			ProcStat{PPID: 4100, Own: 3250 * time.Millisecond}},
		{"4242 (post gres) (x)) S 4200 4242 4242 0 -1 4194560 500 0 0 0 150 50 30 20 20 0 1 0 100 0 0",
			ProcStat{PPID: 4200, Own: 2 * time.Second, Reaped: 500 * time.Millisecond}},
	} {
		if st, err := ParseStat(c.stat); err != nil || st != c.want {
			t.Errorf("ParseStat(%q) = %+v, %v; want %+v", c.stat, st, err, c.want)
		}
	}
	for _, bad := range []string{"4242 no parens", "4242 (x) S 1", "4242 (x) S 1 2 3 4 5 6 7 8 9 10 x 75 0 0 20"} {
		if _, err := ParseStat(bad); err == nil {
			t.Errorf("ParseStat(%q) accepted", bad)
		}
	}
}

func TestReadingThisProcess(t *testing.T) {
	st, err := ReadStat(os.Getpid())
	if err != nil || st.PPID != os.Getppid() {
		t.Errorf("ReadStat(self) = %+v, %v; want ppid %d", st, err, os.Getppid())
	}
	if ProcessCPU(-1) != 0 || PostgresCPU(0) != 0 {
		t.Error("an unreadable process must count as zero")
	}
	if SelfCPU() <= 0 {
		t.Error("SelfCPU is not positive")
	}
}

func TestParseMachineBusy(t *testing.T) {
	// user nice system idle iowait irq softirq steal: all but idle and iowait, in ticks.
	if got := parseMachineBusy("cpu  100 20 30 5000 70 1 2 3 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"); got != 1560*time.Millisecond {
		t.Errorf("busy = %v, want 1.56s", got)
	}
	for _, bad := range []string{"", "cpu 1 2 3", "intr 1 2 3 4 5 6 7 8 9"} {
		if got := parseMachineBusy(bad); got != 0 {
			t.Errorf("parseMachineBusy(%q) = %v", bad, got)
		}
	}
}

func TestPostmasterPID(t *testing.T) {
	dir := t.TempDir()
	if got := PostmasterPID(dir); got != 0 {
		t.Errorf("no postmaster.pid: %d", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte("4100\n/data\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := PostmasterPID(dir); got != 4100 {
		t.Errorf("PostmasterPID = %d", got)
	}
}

func TestEnvironAndReportDir(t *testing.T) {
	t.Setenv("HUBD_HTTP_ADDR", "0.0.0.0:80")
	env := Environ("postgres://x", "/d", "s3cret")
	if slices.Contains(env, "HUBD_HTTP_ADDR=0.0.0.0:80") || !slices.Contains(env, "HUBD_HTTP_ADDR=127.0.0.1:0") ||
		!slices.Contains(env, "HUBD_DATABASE_URL=postgres://x") || !slices.Contains(env, "HUBD_JWT_SECRET=s3cret") ||
		!slices.Contains(env, "HUBD_DATA_DIR=/d") || !slices.Contains(env, "HUBD_RATE_LIMIT=0") {
		t.Errorf("Environ = %q", env)
	}
	t.Setenv("HUBD_DATA_DIR", "/tmp/x")
	if got := ReportDir("soak"); got != "/tmp/x/soak" {
		t.Errorf("ReportDir = %q", got)
	}
	t.Setenv("HUBD_DATA_DIR", "")
	if got := ReportDir("bench"); got != ".hubd/bench" {
		t.Errorf("ReportDir = %q", got)
	}
	if s := NewSecret(); len(s) != 64 || s == NewSecret() {
		t.Errorf("NewSecret = %q", s)
	}
}
