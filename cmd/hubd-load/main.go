// Command hubd-load puts HTTP load on a fresh hubd: `make bench` and `make soak`.
//
//	go run ./cmd/hubd-load bench [-hubs 1000000] [-duration 10s] [-concurrency 16] [-scenarios a,b,…]
//	go run ./cmd/hubd-load soak [-duration 3m] [-rate 200] [-workers 64] [-seed N]
//
// Both build hubd, start a throwaway PostgreSQL, seed it, start `hubd serve` and load it while
// they watch each process's CPU and hubd's memory, then print a markdown report and write it as
// JSON to $HUBD_DATA_DIR/<mode> (default ./.hubd/<mode>). bench is closed-loop, beside pgbench on
// the service's SQL (and pgRouting for paths); soak is open-loop and fails on any wrong answer,
// a created hub the database does not hold, or memory that keeps growing.
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
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// options are the command-line settings of a run; the mode says which of them apply
// (Concurrency, DeepPage, DepthDuration and Only, the -scenarios or nil for all, are the bench's).
type options struct {
	Mode, Out                       string
	Hubs, Concurrency, Workers      int
	Duration, Warmup, DepthDuration time.Duration
	DeepPage, NetHubs, RoutesPerHub int
	Only                            map[string]bool
	Rate                            float64
	Seed                            uint64
}

// wants reports whether a bench run includes a scenario key, or "depth" for the chart.
func (o options) wants(key string) bool { return o.Only == nil || o.Only[key] }

func parseFlags(args []string, stderr io.Writer) (o options, err error) {
	if len(args) == 0 || (args[0] != "bench" && args[0] != "soak") {
		return o, errors.New("usage: hubd-load bench|soak [flags] (-h for a mode's flags)")
	}
	o.Mode = args[0]
	bench, soak := o.Mode == "bench", o.Mode == "soak"
	fs := flag.NewFlagSet("hubd-load "+o.Mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Out, "out", reportDir(o.Mode), "report directory")
	scenarios := "all"
	if bench {
		fs.IntVar(&o.Hubs, "hubs", 1_000_000, "synthetic hubs to load (10% of them deleted)")
		fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured load per scenario, and pgbench -T")
		fs.DurationVar(&o.Warmup, "warmup", 2*time.Second, "unmeasured load before each scenario")
		fs.IntVar(&o.Concurrency, "concurrency", 16, "concurrent HTTP clients, and pgbench -c")
		fs.DurationVar(&o.DepthDuration, "depth-duration", 3*time.Second, "load per point of the depth chart")
		fs.IntVar(&o.DeepPage, "deep-page", 40_000, "page number of scenario (f); lowered to the last page when there are fewer hubs")
		fs.IntVar(&o.NetHubs, "net-hubs", 10_000, "synthetic hubs of the path network, beside -hubs (0: none)")
		fs.IntVar(&o.RoutesPerHub, "routes-per-hub", 5, "routes per hub of the path network")
		fs.StringVar(&scenarios, "scenarios", "all", "comma-separated scenarios to run: "+strings.Join(scenarioKeys, ", ")+" (the chart), or all")
	} else {
		fs.IntVar(&o.Hubs, "hubs", 20_000, "synthetic hubs to seed (10% of them deleted)")
		fs.DurationVar(&o.Duration, "duration", 3*time.Minute, "length of the load")
		fs.DurationVar(&o.Warmup, "warmup", 10*time.Second, "time into the load at which the start memory is taken")
		fs.Float64Var(&o.Rate, "rate", 200, "operations started per second, whatever the answers")
		fs.IntVar(&o.Workers, "workers", 64, "most operations in flight at once (and the queue's length)")
		fs.Uint64Var(&o.Seed, "seed", 0, "seed of the mix and its parameters (0: a random one, reported)")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return o, err
	}
	if scenarios != "all" {
		o.Only = map[string]bool{}
		for k := range strings.SplitSeq(scenarios, ",") {
			if k = strings.TrimSpace(k); !slices.Contains(scenarioKeys, k) {
				return o, fmt.Errorf("-scenarios: unknown scenario %q", k)
			}
			o.Only[k] = true
		}
	}
	if o.Seed == 0 && soak {
		o.Seed = rand.Uint64()
	}
	for _, c := range []struct {
		bad bool
		msg string
	}{
		{fs.NArg() > 0, fmt.Sprintf("unexpected arguments %q", fs.Args())},
		{o.Hubs < 1000, "-hubs must be at least 1000"},
		{bench && (o.Duration <= 0 || o.DepthDuration <= 0 || o.Warmup < 0), "-duration and -depth-duration must be positive, -warmup not negative"},
		{bench && o.Concurrency < 1, "-concurrency must be at least 1"},
		{bench && o.DeepPage < 1, "-deep-page must be at least 1"},
		{bench && (o.NetHubs < 0 || o.RoutesPerHub < 1 || o.RoutesPerHub > 100), "-net-hubs must not be negative, -routes-per-hub between 1 and 100"},
		{soak && o.Duration < 15*time.Second, "-duration must be at least 15s (the memory check compares thirds of it)"},
		{soak && (o.Rate <= 0 || o.Rate > 10_000), "-rate must be above 0 and at most 10000"},
		{soak && (o.Workers < 1 || o.Workers > 1024), "-workers must be between 1 and 1024"},
		{soak && (o.Warmup < 0 || o.Warmup >= o.Duration/2), "-warmup must be at least 0 and under half of -duration"},
	} {
		if c.bad {
			return o, errors.New(c.msg)
		}
	}
	return o, nil
}

// reportDir is $HUBD_DATA_DIR/mode, HUBD_DATA_DIR defaulting to ./.hubd.
func reportDir(mode string) string {
	return filepath.Join(cmp.Or(os.Getenv("HUBD_DATA_DIR"), ".hubd"), mode)
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

// report is what a mode found: printed as markdown (into memory, so the one write to stdout is
// where an error can happen), written as JSON.
type report interface {
	print(w *bytes.Buffer)
	passed() bool // false fails the command: the soak's verdict (a bench only reports)
}

// header is the part of every report that says what ran where and how long it took.
type header struct {
	Started      time.Time
	Options      options
	Machine      machine
	Phases       []phase
	TotalSeconds float64
}

// run is setup, the mode's load and its report; the deferred close stops what setup started.
// A soak is bounded: setup gets 10 minutes, the drain 2.
func run(ctx context.Context, o options) (pass bool, err error) {
	h, mode := &header{Started: time.Now().UTC(), Options: o}, runBench
	if o.Mode == "soak" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 12*time.Minute+o.Duration)
		defer cancel()
		mode = runSoak
	}
	e, err := setup(ctx, o)
	if e != nil {
		defer func() { err = errors.Join(err, e.close()) }()
	}
	if err == nil {
		h.Machine, err = describeMachine(ctx, e)
	}
	var rep report
	if err == nil {
		rep, err = mode(ctx, o, e, h)
	}
	if err != nil {
		return false, err
	}
	h.Phases, h.TotalSeconds = e.clock, time.Since(h.Started).Seconds()
	var md bytes.Buffer
	rep.print(&md)
	if _, err := md.WriteTo(os.Stdout); err != nil {
		return false, fmt.Errorf("print the report: %w", err)
	}
	return rep.passed(), writeReport(o.Out, o.Mode, rep, h.Started)
}

// writeReport writes MODE-<start time>.json and MODE-latest.json into dir.
func writeReport(dir, mode string, r report, at time.Time) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err == nil {
		err = os.MkdirAll(dir, 0o755) //nolint:gosec // G301: a parent may be the data dir, which the postgres user must traverse
	}
	for _, name := range []string{mode + "-" + at.Format("20060102T150405Z") + ".json", mode + "-latest.json"} {
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), append(data, '\n'), 0o600)
			fmt.Println("wrote", filepath.Join(dir, name))
		}
	}
	return err
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
