package pgtest

import (
	"syscall"
	"testing"
	"time"
)

// ReportCPU adds the metric cpu-ns/op to a benchmark: this process's CPU time (user and system,
// every thread) per operation from the call to the end of the benchmark. Against a real database
// ns/op is mostly waiting for PostgreSQL, which runs in processes of its own; cpu-ns/op is what
// hubd's code costs. Call it after the setup, right before the loop.
func ReportCPU(b *testing.B) {
	b.Helper()
	start := processCPU()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	})
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
