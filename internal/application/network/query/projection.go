package query

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hubd/hubd/internal/application/consistency"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/domain/network"
)

// Options tune a Projection. Zero values take the defaults.
type Options struct {
	// ReadWait bounds how long a request with a consistency token waits for the projection to
	// apply the token's change before it is answered from a graph rebuilt from the primary
	// (default 2 s).
	ReadWait time.Duration
	// PollEvery: how often the follower reads the feed without being woken, the safety net for
	// a lost notification (default 1 s).
	PollEvery time.Duration
	// MaxMatrixHubs: the most live hubs the matrix is computed for (default DefaultMaxMatrixHubs).
	MaxMatrixHubs int
	// MaxRowHubs: the most live hubs one row of it (from=) is computed for (default
	// DefaultMaxRowHubs): a row has a cell for every live hub.
	MaxRowHubs int
	// Waker wakes the follower when events may have been committed (LISTEN/NOTIFY); nil leaves
	// it to PollEvery.
	Waker  feed.Waker
	Logger *slog.Logger
}

// DefaultMaxMatrixHubs caps the matrix at a million cells: about 20 MB of JSON, a few hundred
// milliseconds of searches. A larger network is refused (ErrMatrixTooLarge), never computed.
const DefaultMaxMatrixHubs = 1000

// DefaultMaxRowHubs caps a row at 100,000 cells: about 6 MB of JSON and a few MB held while it
// is written. A row of a million live hubs is 40 MB of JSON per request, which a few callers
// could multiply into gigabytes.
const DefaultMaxRowHubs = 100_000

// catchUpTimeout bounds one catch-up of the follower, so that a database that does not answer
// cannot hold it past its next wake-up.
const catchUpTimeout = 10 * time.Second

// view is one immutable state of the projection: a graph and the feed position it reflects.
// The projection swaps whole views, so a reader sees a graph and its seq as one.
type view struct {
	g   *network.Graph
	seq int64
}

// Stats count what a projection did and what it holds, for tests and metrics. They are read
// from the current view and counters, without a lock, so a scrape may read them as often as it
// likes.
type Stats struct {
	Seq        int64 // the feed position the current graph reflects
	Applied    int64 // events applied from the feed
	Rebuilds   int64 // graphs built from a snapshot of the database (the start included)
	Hubs       int   // the current graph's hubs (live hubs)
	Routes     int   // the current graph's routes (live routes)
	GraphBytes int64 // the current graph's memory (network.Graph.Bytes)
}

// Projection is the network in memory: the query side of the hub network. Build it with New,
// then Start it (or Load it, for a projection that follows no feed on its own).
type Projection struct {
	reader NetworkReader
	log    feed.Log
	opts   Options

	cur      atomic.Pointer[view]
	mu       sync.Mutex    // guards advanced
	advanced chan struct{} // closed (and replaced) whenever cur moves forward

	catchUp  sync.Mutex // one catch-up of the feed at a time
	rebuild  sync.Mutex // one rebuild from the database at a time
	applied  atomic.Int64
	rebuilds atomic.Int64

	kick      chan struct{}
	stop      context.CancelFunc
	done      chan struct{}
	startOnce sync.Once
}

// New refuses a nil reader or log.
func New(reader NetworkReader, log feed.Log, opts Options) (*Projection, error) {
	if reader == nil || log == nil {
		return nil, errors.New("network projection: a network reader and an event log are required")
	}
	opts.ReadWait = cmpOr(opts.ReadWait, 2*time.Second)
	opts.PollEvery = cmpOr(opts.PollEvery, time.Second)
	opts.MaxMatrixHubs = cmpOr(opts.MaxMatrixHubs, DefaultMaxMatrixHubs)
	opts.MaxRowHubs = cmpOr(opts.MaxRowHubs, DefaultMaxRowHubs)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Projection{reader: reader, log: log, opts: opts, advanced: make(chan struct{}), kick: make(chan struct{}, 1)}, nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Load builds the graph from a snapshot of the database, without following the feed.
func (p *Projection) Load(ctx context.Context) error {
	_, err := p.rebuildFrom(ctx, 0)
	return err
}

// Start loads the graph (unless Load did) and follows the feed from the snapshot's seq until Close: on every
// wake-up of the Waker, every PollEvery, and whenever a request is waiting for a later seq.
func (p *Projection) Start(ctx context.Context) error {
	if p.cur.Load() == nil {
		if err := p.Load(ctx); err != nil {
			return err
		}
	}
	p.startOnce.Do(func() {
		var wake <-chan struct{}
		unsubscribe := func() {}
		if p.opts.Waker != nil {
			wake, unsubscribe = p.opts.Waker.Subscribe()
		}
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		p.stop, p.done = cancel, make(chan struct{})
		go func() {
			defer close(p.done)
			defer unsubscribe()
			p.follow(fctx, wake)
		}()
	})
	return nil
}

// Close stops following the feed (a projection never started has nothing to stop). The graph
// stays readable.
func (p *Projection) Close() {
	if p.stop != nil {
		p.stop()
		<-p.done
	}
}

func (p *Projection) follow(ctx context.Context, wake <-chan struct{}) {
	feed.Follow(ctx, wake, p.kick, p.opts.PollEvery, func(ctx context.Context) {
		cctx, cancel := context.WithTimeout(ctx, catchUpTimeout)
		defer cancel()
		if err := p.CatchUp(cctx); err != nil && ctx.Err() == nil {
			p.opts.Logger.Warn("network projection: catching up with the event feed", "error", err.Error())
		}
	})
}

// nudge asks the follower for a catch-up now (a request is waiting); without a follower, or
// with one already asked, it does nothing.
func (p *Projection) nudge() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// Stats are the projection's counts now.
func (p *Projection) Stats() Stats {
	s := Stats{Applied: p.applied.Load(), Rebuilds: p.rebuilds.Load()}
	if v := p.cur.Load(); v != nil {
		s.Seq, s.Hubs, s.Routes, s.GraphBytes = v.seq, v.g.NodeCount(), v.g.EdgeCount(), v.g.Bytes()
	}
	return s
}

// CatchUp applies the feed after the current seq, in seq order and in batches, up to its end.
// Each batch is applied to the current graph as one new graph, swapped in at once with the seq
// of the batch's last event, so each event is applied once and a reader sees a batch whole or
// not at all. An event the graph cannot take (it contradicts the graph: a route to a hub the
// graph does not hold) makes the projection rebuild from the database rather than guess.
func (p *Projection) CatchUp(ctx context.Context) error {
	p.catchUp.Lock()
	defer p.catchUp.Unlock()
	// The feed is read on the primary: a wake-up is for a commit there, and the seq the
	// projection reaches is what a token is compared with.
	ctx = consistency.WithPrimary(ctx)
	for {
		v := p.cur.Load()
		if v == nil {
			if _, err := p.rebuildFrom(ctx, 0); err != nil {
				return err
			}
			continue
		}
		events, err := p.log.EventsAfter(ctx, v.seq, feed.MaxBatch, "")
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		changes := make([]network.Change, 0, len(events))
		var bad error
		for _, e := range events {
			c, ok, err := changeOf(e)
			if err != nil {
				bad = err
				break
			}
			if ok {
				changes = append(changes, c)
			}
		}
		var g *network.Graph
		if bad == nil {
			g, bad = v.g.Apply(changes...)
		}
		if bad != nil {
			p.opts.Logger.Warn("network projection: an event does not fit the graph; rebuilding from the database",
				"after_seq", v.seq, "error", bad.Error())
			if _, err := p.rebuildFrom(ctx, 0); err != nil {
				return err
			}
			continue
		}
		p.install(v, &view{g: g, seq: events[len(events)-1].Seq}, int64(len(events)))
		if len(events) < feed.MaxBatch {
			return nil
		}
	}
}

// install swaps in next if the projection still holds prev (else someone installed a newer
// view meanwhile, and next is dropped), counts the applied events it took, and then wakes the
// requests waiting for a later seq: a request woken by it sees Stats that include them.
func (p *Projection) install(prev, next *view, applied int64) bool {
	if !p.cur.CompareAndSwap(prev, next) {
		return false
	}
	p.applied.Add(applied)
	p.mu.Lock()
	close(p.advanced)
	p.advanced = make(chan struct{})
	p.mu.Unlock()
	return true
}

// rebuildFrom builds a graph from a snapshot of the primary and installs it unless the
// projection has got further meanwhile. One rebuild runs at a time: a request that waited for one
// in progress is answered from it when it covers the seq it needs (want), without another.
func (p *Projection) rebuildFrom(ctx context.Context, want int64) (*view, error) {
	p.rebuild.Lock()
	defer p.rebuild.Unlock()
	if v := p.cur.Load(); v != nil && want > 0 && v.seq >= want {
		return v, nil
	}
	snap, err := p.reader.ReadNetwork(ctx)
	if err != nil {
		return nil, err
	}
	g, err := network.New(snap.Hubs, snap.Routes)
	if err != nil {
		return nil, fmt.Errorf("network projection: build the graph at seq %d: %w", snap.Seq, err)
	}
	p.rebuilds.Add(1)
	next := &view{g: g, seq: snap.Seq}
	for {
		v := p.cur.Load()
		if v != nil && v.seq > next.seq {
			return next, nil // the projection is ahead: next still answers the request that asked
		}
		if p.install(v, next, 0) {
			return next, nil
		}
	}
}

// graph is the graph a request under ctx is answered from. Without a consistency token it is
// the current one. With one, it is one that has applied the token's change: the current one if
// it has, else the current one as soon as the follower has (waiting up to ReadWait), else one
// rebuilt from the primary. A token that carries no feed seq (an older token, or one of a
// change without events) asks for everything committed on the primary when the request came.
func (p *Projection) graph(ctx context.Context) (*network.Graph, error) {
	v := p.cur.Load()
	tok, ok := consistency.Minimum(ctx)
	if !ok {
		if v == nil {
			nv, err := p.rebuildFrom(ctx, 0)
			if err != nil {
				return nil, err
			}
			return nv.g, nil
		}
		return v.g, nil
	}
	if err := p.reader.CheckToken(tok); err != nil {
		return nil, err
	}
	_, want, err := tok.Split()
	if err != nil {
		return nil, err
	}
	if want == 0 {
		if want, err = p.reader.FeedHead(consistency.WithPrimary(ctx)); err != nil {
			return nil, err
		}
	}
	if v != nil && v.seq >= want {
		return v.g, nil
	}
	p.nudge()
	if v := p.waitFor(ctx, want); v != nil {
		return v.g, nil
	}
	nv, err := p.rebuildFrom(consistency.WithPrimary(ctx), want)
	if err != nil {
		return nil, err
	}
	return nv.g, nil
}

// waitFor waits up to ReadWait for the projection to reach want; nil when it has not.
func (p *Projection) waitFor(ctx context.Context, want int64) *view {
	timer := time.NewTimer(p.opts.ReadWait)
	defer timer.Stop()
	for {
		p.mu.Lock()
		advanced := p.advanced
		p.mu.Unlock()
		if v := p.cur.Load(); v != nil && v.seq >= want {
			return v
		}
		select {
		case <-advanced:
		case <-timer.C:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}
