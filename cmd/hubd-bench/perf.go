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

// profiler records a system-wide CPU profile with Linux perf over one scenario's measured
// window (-perf KEY), for the note on a missed target: where the CPU went, by process and,
// inside hubd, by function. hubd needs no pprof endpoint for it.
type profiler struct {
	dir  string
	key  string
	done chan error
}

// startProfiler waits out the warm-up, then runs perf record for the measured duration, in the
// background.
func startProfiler(ctx context.Context, dir, key string, warmup, duration time.Duration) (*profiler, error) {
	if _, err := exec.LookPath("perf"); err != nil {
		return nil, fmt.Errorf("-perf needs Linux perf (apt-get install linux-perf): %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	p := &profiler{dir: dir, key: key, done: make(chan error, 1)}
	go func() {
		select {
		case <-time.After(warmup):
		case <-ctx.Done():
			p.done <- ctx.Err()
			return
		}
		secs := fmt.Sprint(int(math.Ceil(duration.Seconds())))
		cmd := exec.CommandContext(ctx, "perf", "record", "-F", "499", "-a", "-g", "-o", p.data(), "--", "sleep", secs)
		if out, err := cmd.CombinedOutput(); err != nil {
			p.done <- fmt.Errorf("perf record: %w\n%s", err, out)
			return
		}
		p.done <- nil
	}()
	return p, nil
}

func (p *profiler) data() string { return filepath.Join(p.dir, "perf-"+p.key+".data") }

// finish waits for the recording and writes perf-KEY.txt: CPU by process, then hubd's and
// PostgreSQL's hottest functions.
func (p *profiler) finish(ctx context.Context) (string, error) {
	if err := <-p.done; err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, view := range []struct{ title, args string }{
		{"CPU by process", "--sort comm --percent-limit 0.5"},
		{"hubd by function (self)", "--comms hubd --sort sym --percent-limit 0.4"},
		{"hubd by function (with callees)", "--comms hubd --children --sort sym --percent-limit 3"},
		{"PostgreSQL by function (self)", "--comms postgres --sort sym --percent-limit 0.8"},
	} {
		args := append([]string{"report", "-i", p.data(), "--stdio", "-g", "none"}, strings.Fields(view.args)...)
		if !strings.Contains(view.args, "--children") {
			args = append(args, "--no-children")
		}
		out, err := exec.CommandContext(ctx, "perf", args...).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("perf report: %w\n%s", err, out)
		}
		fmt.Fprintf(&sb, "=== %s\n%s\n", view.title, out)
	}
	txt := filepath.Join(p.dir, "perf-"+p.key+".txt")
	return txt, os.WriteFile(txt, []byte(sb.String()), 0o644)
}
