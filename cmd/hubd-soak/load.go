package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"
)

// job is one scheduled operation.
type job struct {
	k   kind
	due time.Time
}

// dueAt is the scheduled start of operation i of an open-loop load of rate per second.
func dueAt(start time.Time, i int, rate float64) time.Time {
	return start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
}

// loadPlan is how to run the load.
type loadPlan struct {
	duration  time.Duration
	rate      float64
	workers   int
	lateAfter time.Duration // an operation that starts later than this after its time is late
	seed      uint64
	progress  time.Duration // a progress line on stderr this often; 0 for none
}

// load runs the open-loop load: operations are scheduled at a fixed rate whatever the answers,
// the kinds drawn from m with a random source seeded from p.seed. Each goes to a bounded pool
// of workers through a queue as long as the pool; when both are full the operation is not
// sent and counts as late (never silently dropped), and one a worker starts more than
// p.lateAfter after its time counts as late too. It returns when every operation sent has
// finished, and how long that took from the start.
func (ru *runner) load(ctx context.Context, p loadPlan, m mix, mem *memSampler, start time.Time) time.Duration {
	jobs := make(chan job, p.workers)
	var wg sync.WaitGroup
	for w := range p.workers {
		r := rand.New(rand.NewPCG(p.seed, uint64(w)+1))
		wg.Go(func() {
			for j := range jobs {
				lag := time.Since(j.due)
				ru.rec.started(lag, lag > p.lateAfter)
				if ctx.Err() == nil {
					ru.op(ctx, r, j.k)
				}
			}
		})
	}
	stopProgress := ru.reportProgress(p, mem, start)
	sched := rand.New(rand.NewPCG(p.seed, 0))
	for i := 0; ctx.Err() == nil; i++ {
		due := dueAt(start, i, p.rate)
		if due.Sub(start) >= p.duration {
			break
		}
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait) // at most one interval: ctx is looked at again right after
		}
		select {
		case jobs <- job{k: m.pick(sched), due: due}:
		default:
			ru.rec.dropped()
		}
	}
	close(jobs)
	wg.Wait() // bounded: each request has requestTimeout, and at most a queue's worth waits
	stopProgress()
	return time.Since(start)
}

// reportProgress prints a line on stderr every p.progress until the returned function is called.
func (ru *runner) reportProgress(p loadPlan, mem *memSampler, start time.Time) func() {
	if p.progress <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(p.progress)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sent, errs := ru.rec.counts()
				rss := "?"
				if s, ok := mem.last(); ok {
					rss = fmt.Sprintf("%.1f MB", mb(s.RSSkB))
				}
				fmt.Fprintf(os.Stderr, "hubd-soak: %3.0fs/%v  sent %d  errors %d  created hubs %d  hubd RSS %s\n",
					time.Since(start).Seconds(), p.duration, sent, errs, ru.hubs.size(), rss)
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
