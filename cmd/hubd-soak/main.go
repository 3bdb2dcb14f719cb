// Command hubd-soak is the soak test behind `make soak`: it builds hubd, starts a throwaway
// PostgreSQL, seeds synthetic hubs, starts `hubd serve`, and puts an open-loop load of mixed
// reads and writes on it at a fixed rate for a fixed time, while it samples hubd's memory
// every second. It prints a markdown report (requests, errors, late starts, latency overall
// and per kind, memory at the start and the end, and whether it kept growing) and writes it
// as JSON to $HUBD_DATA_DIR/soak (default ./.hubd/soak).
//
//	go run ./cmd/hubd-soak [-duration 3m] [-rate 200] [-workers 64] [-out DIR]
//
// The mix, in operations: 60% searches (name prefix, manager, numbered pages, cursor chains,
// substring, deleted hubs; every count mode and several sizes and sorts), 20% get by id, 10%
// create (unique names), 8% PATCH of hubs the soak created (with If-Match half the time), 2%
// delete and restore of one (two requests). Writes of one hub never overlap (the soak leases
// the hub), so none can legitimately answer 304, 409 or 412: every answer but the one the
// operation must get is an error, as is every transport error. After the load, every hub the
// soak created is looked up in the database at the version of its last answer.
//
// It exits 1 when there was an error or hubd's memory kept growing (the median RSS over the
// last third of the run above 1.2 × the middle third's + 5 MB), or the run itself failed.
// Everything it starts (hubd, PostgreSQL, temporary files) is stopped and removed when it ends,
// on an error or on Ctrl-C too. It only ever talks to 127.0.0.1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/hubd/hubd/internal/devtools/harness"
)

// options are the command-line settings of a run.
type options struct {
	duration  time.Duration
	rate      float64
	workers   int
	warmup    time.Duration
	hubs      int
	lateAfter time.Duration
	seed      uint64
	out       string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("hubd-soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.duration, "duration", 3*time.Minute, "length of the load")
	fs.Float64Var(&o.rate, "rate", 200, "operations started per second, whatever the answers")
	fs.IntVar(&o.workers, "workers", 64, "most operations in flight at once (and the queue's length)")
	fs.DurationVar(&o.warmup, "warmup", 10*time.Second, "time into the load at which the start memory is taken")
	fs.IntVar(&o.hubs, "hubs", 20_000, "synthetic hubs to seed (10% of them deleted)")
	fs.DurationVar(&o.lateAfter, "late", 100*time.Millisecond, "an operation starting this much after its time is late")
	fs.Uint64Var(&o.seed, "seed", 0, "seed of the mix and its parameters (0: a random one, reported)")
	fs.StringVar(&o.out, "out", "", "report directory (default $HUBD_DATA_DIR/soak, HUBD_DATA_DIR defaulting to ./.hubd)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.duration < 15*time.Second:
		return o, errors.New("-duration must be at least 15s (the memory check compares thirds of it)")
	case o.rate <= 0 || o.rate > 10_000:
		return o, errors.New("-rate must be above 0 and at most 10000")
	case o.workers < 1 || o.workers > 1024:
		return o, errors.New("-workers must be between 1 and 1024")
	case o.warmup < 0 || o.warmup >= o.duration/2:
		return o, errors.New("-warmup must be at least 0 and under half of -duration")
	case o.hubs < 1000:
		return o, errors.New("-hubs must be at least 1000")
	case o.lateAfter <= 0:
		return o, errors.New("-late must be positive")
	}
	if o.seed == 0 {
		o.seed = rand.Uint64()
	}
	if o.out == "" {
		o.out = harness.ReportDir("soak")
	}
	return o, nil
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubd-soak:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	pass, err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubd-soak:", err)
		os.Exit(1)
	}
	if !pass {
		fmt.Fprintln(os.Stderr, "hubd-soak: FAIL")
		os.Exit(1)
	}
}

// setupBudget bounds everything but the load and its drain: build, PostgreSQL, seeding.
const setupBudget = 10 * time.Minute

// precreated is how many hubs are created before the load, for patches and deletes.
const precreated = 64

// run is the whole soak: setup, the load, the check, the report. The deferred close stops
// hubd and PostgreSQL however run returns.
func run(ctx context.Context, o options) (pass bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, setupBudget+o.duration+2*time.Minute)
	defer cancel()
	began := time.Now()
	clock := &phases{}
	e, err := setup(ctx, o, clock)
	if e != nil {
		defer func() { err = errors.Join(err, e.close()) }()
	}
	if err != nil {
		return false, err
	}
	rng := rand.New(rand.NewPCG(o.seed, 1<<32))
	end := clock.start("pick parameters and create hubs")
	d, err := pickData(ctx, e.db, rng)
	if err != nil {
		end()
		return false, err
	}
	token := fmt.Sprintf("%06x", rng.Uint32()&0xffffff)
	ru := &runner{c: newClient(e.baseURL, e.token, o.workers), d: d, hubs: &hubPool{},
		cursors: &cursorPool{limit: 256}, rec: newRecorder(), runToken: token}
	err = ru.precreate(ctx, rng, precreated)
	end()
	if err != nil {
		return false, err
	}

	end = clock.start(fmt.Sprintf("load: %v at %g operations/s", o.duration, o.rate))
	pm := harness.PostmasterPID(e.pg.DataDir())
	cpuFrom := takeCPU(e.serve.PID(), pm)
	start := time.Now()
	mem := startMemSampler(e.serve.PID(), start, time.Second)
	plan := loadPlan{duration: o.duration, rate: o.rate, workers: o.workers, lateAfter: o.lateAfter,
		seed: o.seed, progress: 30 * time.Second}
	took := ru.load(ctx, plan, newMix(defaultWeights), mem, start)
	samples := mem.stop()
	cpu := use(cpuFrom, takeCPU(e.serve.PID(), pm), runtime.NumCPU())
	end()
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("load interrupted: %w", err)
	}

	end = clock.start("check the created hubs")
	check := checkCreated(ctx, e.db, ru.hubs)
	end()
	end = clock.start("stop hubd")
	e.stopServe()
	end()

	rep := buildReport(o, began, took, ru, check, judgeMemory(samples, o.duration, o.warmup), e, clock)
	rep.CPU = cpu
	printReport(os.Stdout, rep)
	path, err := writeReport(o.out, rep, began)
	if err != nil {
		return false, err
	}
	fmt.Fprintln(os.Stdout, "wrote", path)
	return rep.Pass, nil
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
	fmt.Fprintf(os.Stderr, "hubd-soak: %s…\n", name)
	return func() { c.list = append(c.list, phase{name, time.Since(t).Seconds()}) }
}
