package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// profile records a system-wide CPU profile with Linux perf over the measured window of a load
// (-perf KEY), for the note on a missed target: where the CPU went, by process and, inside hubd,
// by function; hubd needs no pprof endpoint for it. The function it returns waits for the
// recording and writes perf-KEY.txt into the report directory.
func profile(ctx context.Context, o options, key string) (func() (string, error), error) {
	if _, err := exec.LookPath("perf"); err != nil {
		return nil, fmt.Errorf("-perf needs Linux perf (apt-get install linux-perf): %w", err)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil { //nolint:gosec // G301: a parent may be the data dir, which the postgres user must traverse
		return nil, err
	}
	data := filepath.Join(o.out, "perf-"+key+".data")
	done := make(chan error, 1)
	go func() {
		select {
		case <-time.After(o.warmup):
		case <-ctx.Done():
			done <- ctx.Err()
			return
		}
		secs := fmt.Sprint(int(math.Ceil(o.duration.Seconds())))
		if out, err := exec.CommandContext(ctx, "perf", "record", "-F", "499", "-a", "-g", "-o", data, "--", "sleep", secs).CombinedOutput(); err != nil { //nolint:gosec // G204: perf with our own flags and file
			done <- fmt.Errorf("perf record: %w\n%s", err, out)
		}
		close(done)
	}()
	return func() (string, error) {
		if err := <-done; err != nil {
			return "", err
		}
		var sb strings.Builder
		for _, view := range [][2]string{
			{"CPU by process", "--sort comm --percent-limit 0.5 --no-children"},
			{"hubd by function (self)", "--comms hubd --sort sym --percent-limit 0.4 --no-children"},
			{"hubd by function (with callees)", "--comms hubd --children --sort sym --percent-limit 3"},
			{"PostgreSQL by function (self)", "--comms postgres --sort sym --percent-limit 0.8 --no-children"},
		} {
			out, err := exec.CommandContext(ctx, "perf", append([]string{"report", "-i", data, "--stdio", "-g", "none"}, strings.Fields(view[1])...)...).CombinedOutput() //nolint:gosec // G204: perf with the views listed above
			if err != nil {
				return "", fmt.Errorf("perf report: %w\n%s", err, out)
			}
			fmt.Fprintf(&sb, "=== %s\n%s\n", view[0], out)
		}
		txt := strings.TrimSuffix(data, ".data") + ".txt"
		return txt, os.WriteFile(txt, []byte(sb.String()), 0o600)
	}, nil
}
