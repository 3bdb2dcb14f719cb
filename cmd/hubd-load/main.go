// Command hubd-load puts HTTP load on a fresh hubd: `make bench` and `make soak`.
//
//	go run ./cmd/hubd-load bench [-hubs 1000000] [-duration 10s] [-concurrency 16] [-scenarios a,b,…]
//	go run ./cmd/hubd-load soak [-duration 3m] [-rate 200] [-workers 64] [-seed N]
//
// Both modes build hubd, start a throwaway PostgreSQL, seed synthetic hubs, start `hubd serve`
// on 127.0.0.1 and load it while they watch the CPU of every process and hubd's memory; they
// print a markdown report and write it as JSON to $HUBD_DATA_DIR/<mode> (default ./.hubd/<mode>).
// bench is closed-loop (each client sends its next request when the last is answered): each
// search scenario for a fixed time, pgbench on the very SQL the service issues for it, the CPU
// per request of each process, latency against page depth (depth.svg), and the targets. soak is
// open-loop (operations start at a fixed rate whatever the answers): a mix of reads and writes
// that fails (exit 1) on any wrong answer, on a created hub the database does not hold as
// answered, or on memory that keeps growing. Everything a run starts is stopped and removed when
// it ends, on an error or on Ctrl-C too.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// options are the command-line settings of a run; the mode says which of them apply.
type options struct {
	mode, out                  string // mode is "bench" or "soak"
	hubs, concurrency, workers int    // concurrency: bench's; workers: soak's
	duration, warmup           time.Duration
	deepPage                   int
	depthDuration              time.Duration
	only                       map[string]bool // -scenarios: nil means all
	rate                       float64         // soak
	seed                       uint64
}

// wants reports whether a bench run includes a scenario key, or "depth" for the chart.
func (o options) wants(key string) bool { return o.only == nil || o.only[key] }

func parseFlags(args []string, stderr io.Writer) (o options, err error) {
	if len(args) == 0 || (args[0] != "bench" && args[0] != "soak") {
		return o, errors.New("usage: hubd-load bench|soak [flags] (-h for a mode's flags)")
	}
	o.mode = args[0]
	fs := flag.NewFlagSet("hubd-load "+o.mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.out, "out", reportDir(o.mode), "report directory")
	scenarios := "all"
	if o.mode == "bench" {
		fs.IntVar(&o.hubs, "hubs", 1_000_000, "synthetic hubs to load (10% of them deleted)")
		fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per scenario, and pgbench -T")
		fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each scenario")
		fs.IntVar(&o.concurrency, "concurrency", 16, "concurrent HTTP clients, and pgbench -c")
		fs.DurationVar(&o.depthDuration, "depth-duration", 3*time.Second, "load per point of the depth chart")
		fs.IntVar(&o.deepPage, "deep-page", 40_000, "page number of scenario (f); lowered to the last page when there are fewer hubs")
		fs.StringVar(&scenarios, "scenarios", "all", "comma-separated scenarios to run: "+strings.Join(scenarioKeys, ", ")+" (the chart), or all")
	} else {
		fs.IntVar(&o.hubs, "hubs", 20_000, "synthetic hubs to seed (10% of them deleted)")
		fs.DurationVar(&o.duration, "duration", 3*time.Minute, "length of the load")
		fs.DurationVar(&o.warmup, "warmup", 10*time.Second, "time into the load at which the start memory is taken")
		fs.Float64Var(&o.rate, "rate", 200, "operations started per second, whatever the answers")
		fs.IntVar(&o.workers, "workers", 64, "most operations in flight at once (and the queue's length)")
		fs.Uint64Var(&o.seed, "seed", 0, "seed of the mix and its parameters (0: a random one, reported)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return o, err
	}
	if scenarios != "all" {
		o.only = map[string]bool{}
		for k := range strings.SplitSeq(scenarios, ",") {
			if k = strings.TrimSpace(k); !slices.Contains(scenarioKeys, k) {
				return o, fmt.Errorf("-scenarios: unknown scenario %q", k)
			}
			o.only[k] = true
		}
	}
	if o.seed == 0 && o.mode == "soak" {
		o.seed = rand.Uint64()
	}
	bench, soak := o.mode == "bench", o.mode == "soak"
	for _, c := range []struct {
		bad bool
		msg string
	}{
		{fs.NArg() > 0, fmt.Sprintf("unexpected arguments %q", fs.Args())},
		{o.hubs < 1000, "-hubs must be at least 1000"},
		{bench && (o.duration <= 0 || o.depthDuration <= 0 || o.warmup < 0), "-duration and -depth-duration must be positive, -warmup not negative"},
		{bench && o.concurrency < 1, "-concurrency must be at least 1"},
		{bench && o.deepPage < 1, "-deep-page must be at least 1"},
		{soak && o.duration < 15*time.Second, "-duration must be at least 15s (the memory check compares thirds of it)"},
		{soak && (o.rate <= 0 || o.rate > 10_000), "-rate must be above 0 and at most 10000"},
		{soak && (o.workers < 1 || o.workers > 1024), "-workers must be between 1 and 1024"},
		{soak && (o.warmup < 0 || o.warmup >= o.duration/2), "-warmup must be at least 0 and under half of -duration"},
	} {
		if c.bad {
			return o, errors.New(c.msg)
		}
	}
	return o, nil
}

// reportDir is $HUBD_DATA_DIR/mode, HUBD_DATA_DIR defaulting to ./.hubd.
func reportDir(mode string) string {
	if dir := os.Getenv("HUBD_DATA_DIR"); dir != "" {
		return filepath.Join(dir, mode)
	}
	return filepath.Join(".hubd", mode)
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubd-load:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	pass, err := run(ctx, o)
	stop()
	if err != nil || !pass {
		fmt.Fprintln(os.Stderr, "hubd-load:", cmp.Or(err, errors.New("FAIL")))
		os.Exit(1)
	}
}

// report is what a mode found: printed as markdown, written as JSON with its drawings beside.
// It renders into memory, so the one write to stdout is where an error can happen.
type report interface {
	print(w *bytes.Buffer)
	passed() bool // false fails the command: the soak's verdict (a bench only reports)
	drawings() map[string][]byte
}

// header is the part of every report that says what ran where and how long it took.
type header struct {
	Started      time.Time
	Options      map[string]any
	Machine      machine
	Phases       []phase
	TotalSeconds float64
}

// run is setup, the mode's load and its report; the deferred close stops what setup started.
func run(ctx context.Context, o options) (pass bool, err error) {
	h := &header{Started: time.Now().UTC(), Options: map[string]any{"hubs": o.hubs, "duration": o.duration.String(),
		"warmup": o.warmup.String()}}
	mode := runBench
	if o.mode == "bench" {
		maps.Copy(h.Options, map[string]any{"concurrency": o.concurrency, "depthDuration": o.depthDuration.String(),
			"depthConcurrency": depthClients, "deepPage": o.deepPage})
	} else {
		maps.Copy(h.Options, map[string]any{"rate": o.rate, "workers": o.workers, "late": lateAfter.String(), "seed": o.seed})
		mode = runSoak
	}
	e, err := setup(ctx, o)
	if e != nil {
		defer func() { err = errors.Join(err, e.close()) }()
	}
	if err != nil {
		return false, err
	}
	if h.Machine, err = describeMachine(ctx, e); err != nil {
		return false, err
	}
	rep, err := mode(ctx, o, e, h)
	if err != nil {
		return false, err
	}
	h.Phases, h.TotalSeconds = e.clock, time.Since(h.Started).Seconds()
	var md bytes.Buffer
	rep.print(&md)
	if _, err := md.WriteTo(os.Stdout); err != nil {
		return false, fmt.Errorf("print the report: %w", err)
	}
	return rep.passed(), writeReport(o.out, o.mode, rep, h.Started)
}

// writeReport writes MODE-<start time>.json, MODE-latest.json and the drawings into dir.
func writeReport(dir, mode string, r report, at time.Time) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err == nil {
		err = os.MkdirAll(dir, 0o755) //nolint:gosec // G301: a parent may be the data dir, which the postgres user must traverse
	}
	if err != nil {
		return err
	}
	data = append(data, '\n')
	files := map[string][]byte{mode + "-" + at.Format("20060102T150405Z") + ".json": data, mode + "-latest.json": data}
	maps.Copy(files, r.drawings())
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o600); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(dir, name))
	}
	return nil
}

// phase is one timed step of a run.
type phase struct {
	Name    string
	Seconds float64
}

// step begins timing a step of the run and returns the function that ends it.
func (e *env) step(name string) func() {
	t := time.Now()
	fmt.Fprintf(os.Stderr, "hubd-load: %s…\n", name)
	return func() { e.clock = append(e.clock, phase{name, time.Since(t).Seconds()}) }
}
