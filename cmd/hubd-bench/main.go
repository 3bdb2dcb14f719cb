// Command hubd-bench is the benchmark report behind `make bench`: it builds hubd, starts a
// throwaway PostgreSQL, loads synthetic hubs, runs hubd, puts a fixed-duration HTTP load on each
// search scenario, runs pgbench on the very SQL the service issues for the same requests, draws
// latency against page depth, watches hubd's memory, and prints a markdown table with the
// targets of issue 4. The figures also go to JSON, with the chart beside it.
//
//	go run ./cmd/hubd-bench [-hubs 1000000] [-duration 10s] [-concurrency 16] [-out DIR]
//
// Everything it starts (hubd, PostgreSQL, temporary files) is stopped and removed when it ends,
// on an error or on Ctrl-C too. It only ever talks to 127.0.0.1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// options are the command-line settings of a run.
type options struct {
	hubs             int
	duration         time.Duration
	warmup           time.Duration
	concurrency      int
	depthDuration    time.Duration
	depthConcurrency int
	deepPage         int
	out              string
	perf             string
	only             map[string]bool // -scenarios: nil means all
}

// wants reports whether the run includes a scenario key, or "depth" for the chart.
func (o options) wants(key string) bool { return o.only == nil || o.only[key] }

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("hubd-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.hubs, "hubs", 1_000_000, "synthetic hubs to load (10% of them deleted)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per scenario, and pgbench -T")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each scenario")
	fs.IntVar(&o.concurrency, "concurrency", 16, "concurrent HTTP clients, and pgbench -c")
	fs.DurationVar(&o.depthDuration, "depth-duration", 3*time.Second, "load per point of the depth chart")
	fs.IntVar(&o.depthConcurrency, "depth-concurrency", 4, "concurrent clients per point of the depth chart")
	fs.IntVar(&o.deepPage, "deep-page", 40_000, "page number of scenario (f); lowered to the last page when there are fewer hubs")
	fs.StringVar(&o.out, "out", "", "report directory (default $HUBD_DATA_DIR/bench, HUBD_DATA_DIR defaulting to ./.hubd)")
	fs.StringVar(&o.perf, "perf", "", "record a system-wide perf profile of one scenario (a, b, c, d, e, f-page0, f-offset, f-cursor) into the report directory")
	scenarios := fs.String("scenarios", "all", "comma-separated scenarios to run: a, b, c, d, e, f-page0, f-offset, f-cursor, depth (the chart), or all")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *scenarios != "all" {
		o.only = map[string]bool{}
		for _, k := range strings.Split(*scenarios, ",") {
			if k = strings.TrimSpace(k); !slices.Contains(scenarioKeys, k) {
				return o, fmt.Errorf("-scenarios: unknown scenario %q", k)
			}
			o.only[k] = true
		}
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.hubs < 1000:
		return o, errors.New("-hubs must be at least 1000")
	case o.duration <= 0 || o.depthDuration <= 0 || o.warmup < 0:
		return o, errors.New("-duration and -depth-duration must be positive, -warmup not negative")
	case o.concurrency < 1 || o.depthConcurrency < 1:
		return o, errors.New("-concurrency and -depth-concurrency must be at least 1")
	case o.deepPage < 1:
		return o, errors.New("-deep-page must be at least 1")
	case o.perf != "" && (o.perf == "depth" || !slices.Contains(scenarioKeys, o.perf)):
		return o, fmt.Errorf("-perf: unknown scenario %q", o.perf)
	}
	if o.out == "" {
		o.out = harness.ReportDir("bench")
	}
	return o, nil
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubd-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "hubd-bench:", err)
		stop()
		os.Exit(1)
	}
}

// run is the whole benchmark: setup, the scenarios, the depth chart, the report. The deferred
// close stops hubd and PostgreSQL however run returns.
func run(ctx context.Context, o options) (err error) {
	began := time.Now()
	clock := &phases{}
	b, err := setup(ctx, o, clock)
	if b != nil {
		defer func() { err = errors.Join(err, b.close()) }()
	}
	if err != nil {
		return err
	}
	rep := &report{Started: began.UTC(), Options: reportOptions(o)}
	if rep.Machine, err = describeMachine(ctx, b); err != nil {
		return err
	}
	end := clock.start("pick parameters")
	p, err := pickParams(ctx, b.db, o)
	end()
	if err != nil {
		return err
	}
	rep.Params = p
	client := newClient(b.baseURL, b.token)
	if err := runScenarios(ctx, o, b, client, p, rep, clock); err != nil {
		return err
	}
	if o.wants("depth") {
		end = clock.start("depth chart")
		rep.Depth, err = measureDepth(ctx, o, client, p)
		end()
		if err != nil {
			return err
		}
	}
	rep.Memory = b.mem.result()
	rep.Targets = judge(rep)
	rep.Phases = clock.list
	rep.TotalSeconds = time.Since(began).Seconds()
	printReport(os.Stdout, rep)
	paths, err := writeReport(o.out, rep, began)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(os.Stdout, "wrote", p)
	}
	return nil
}

// phases times the steps of a run, for the report.
type phases struct{ list []phase }

// phase is one timed step.
type phase struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// start begins timing a step and returns the function that ends it.
func (c *phases) start(name string) func() {
	t := time.Now()
	fmt.Fprintf(os.Stderr, "hubd-bench: %s…\n", name)
	return func() { c.list = append(c.list, phase{name, time.Since(t).Seconds()}) }
}
