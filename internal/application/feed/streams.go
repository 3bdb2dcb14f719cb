package feed

import (
	"context"
	"errors"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/consistency"
)

// StreamBatch is the most events one Subscription.Next returns.
const StreamBatch = 100

// Waker wakes the streams when new events may have been committed (LISTEN/NOTIFY). It is a hint
// only: the shared read also looks at every heartbeat, and the feed is the source of truth.
type Waker interface {
	Subscribe() (wake <-chan struct{}, stop func())
}

var (
	// ErrTooManyStreams says the caller has as many streams open as one caller may.
	ErrTooManyStreams = errors.New("feed: this caller has as many event streams open as it may")
	// ErrStreamsFull says the service has as many streams open as it may.
	ErrStreamsFull = errors.New("feed: the service has as many event streams open as it may")
)

// Feed readers, as StreamOptions.CountRead names them.
const (
	ReadShared  = "shared"   // the one read whose events every stream is given
	ReadCatchUp = "catch_up" // a stream behind the shared events, reading for itself
)

// StreamOptions configures Streams. Zero values take the defaults.
type StreamOptions struct {
	// Waker wakes the shared read on new events; nil leaves it to Heartbeat.
	Waker Waker
	// Heartbeat is how often the shared read looks at the feed without a wake-up (15 s).
	Heartbeat time.Duration
	// MaxStreams caps the streams open at once (1000), MaxPerCaller those of one caller (20).
	MaxStreams, MaxPerCaller int
	// Buffer is how many of the newest events the shared read keeps for streams (MaxBatch).
	Buffer int
	// CountRead, when set, is called for every read of the feed with its reader.
	CountRead func(reader string)
}

// Streams fans one read of the feed out to every open stream. While any stream is open,
// one goroutine reads the feed once per wake-up (a NOTIFY, or the heartbeat) and keeps the
// newest events; every stream keeps its own position and takes its events from there. A stream
// further behind than those (a resume with an old Last-Event-ID, or one too slow to keep up)
// reads the feed itself until it catches up. So the feed is read once per change, not once per
// stream, and the number of streams is capped, in total and per caller.
type Streams struct {
	events Handler
	opts   StreamOptions

	mu        sync.Mutex
	subs      map[*Subscription]struct{}
	perCaller map[uuid.UUID]int
	stopPump  context.CancelFunc // stops the running shared read; nil when none runs
	kick      chan struct{}      // makes the shared read look now
	// The shared events: every event with a seq in (base, head], in order. Meaningful only
	// when known; epoch counts resets, so that a read begun before one is not applied after it.
	known      bool
	base, head int64
	buf        []Event
	epoch      uint64
}

// NewStreams serves streams of the feed that events reads.
func NewStreams(events Handler, opts StreamOptions) (*Streams, error) {
	if events.log == nil {
		return nil, errors.New("feed: the event streams need the feed")
	}
	opts.Heartbeat = cmpOr(opts.Heartbeat, 15*time.Second)
	opts.MaxStreams = cmpOr(opts.MaxStreams, 1000)
	opts.MaxPerCaller = cmpOr(opts.MaxPerCaller, 20)
	opts.Buffer = cmpOr(opts.Buffer, MaxBatch)
	if opts.CountRead == nil {
		opts.CountRead = func(string) {}
	}
	return &Streams{events: events, opts: opts, subs: map[*Subscription]struct{}{},
		perCaller: map[uuid.UUID]int{}, kick: make(chan struct{}, 1)}, nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Subscribe opens a stream of the events after position after for actor: MASTER and SERVER
// only (access.ErrForbidden), within the caps (ErrTooManyStreams, ErrStreamsFull). The caller
// must Close it.
func (s *Streams) Subscribe(actor access.Actor, after int64) (*Subscription, error) {
	return s.SubscribeTo(actor, after, "")
}

// SubscribeTo is Subscribe of aggregateType's events only (every aggregate's when ""; else one of
// AggregateTypes, or ErrUnknownAggregateType). The stream still shares the one read of the
// whole feed: it is filtered per stream, from the shared events.
func (s *Streams) SubscribeTo(actor access.Actor, after int64, aggregateType string) (*Subscription, error) {
	return s.open(actor, max(after, 0), aggregateType)
}

// SubscribeFromHead is SubscribeTo from the feed's current end (after=now): only what is
// committed from now on. The checks and the caps come first, so a refused stream costs no read;
// then, its place taken, it reads the head on the primary (a replica may not have reached the
// end) and starts right after it. Its position is a seq, so an event committed once the head is
// read is after it and comes exactly once. A failed read gives its place back.
func (s *Streams) SubscribeFromHead(ctx context.Context, actor access.Actor, aggregateType string) (*Subscription, error) {
	sub, err := s.open(actor, 0, aggregateType)
	if err != nil {
		return nil, err
	}
	// A stream's request has no deadline: the read gets the shared read's, so that a database
	// that does not answer cannot hold the place.
	hctx, cancel := context.WithTimeout(consistency.WithPrimary(ctx), sharedReadTimeout)
	head, err := s.events.log.Head(hctx)
	cancel()
	if err != nil {
		sub.Close()
		return nil, err
	}
	s.mu.Lock()
	sub.pos = head
	s.mu.Unlock()
	return sub, nil
}

// open checks actor and aggregateType, takes a place within the caps and starts the shared read
// if none runs: a stream at after.
func (s *Streams) open(actor access.Actor, after int64, aggregateType string) (*Subscription, error) {
	if !actor.CanFollowEvents() {
		return nil, access.ErrForbidden
	}
	if aggregateType != "" && !IsAggregateType(aggregateType) {
		return nil, ErrUnknownAggregateType
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.perCaller[actor.ID] >= s.opts.MaxPerCaller:
		return nil, ErrTooManyStreams
	case len(s.subs) >= s.opts.MaxStreams:
		return nil, ErrStreamsFull
	}
	sub := &Subscription{s: s, caller: actor.ID, only: aggregateType, pos: after, wake: make(chan struct{}, 1)}
	s.subs[sub] = struct{}{}
	s.perCaller[actor.ID]++
	if s.stopPump == nil {
		var ctx context.Context
		ctx, s.stopPump = context.WithCancel(consistency.WithPrimary(context.Background()))
		go s.pump(ctx)
	}
	return sub, nil
}

// Open is how many streams are open.
func (s *Streams) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// pump is the shared read: it runs from the first stream's Subscribe to the last one's Close,
// which ends ctx. It reads the primary: a notification's commit has reached it.
func (s *Streams) pump(ctx context.Context) {
	var wake <-chan struct{}
	if s.opts.Waker != nil {
		var unsubscribe func()
		wake, unsubscribe = s.opts.Waker.Subscribe()
		defer unsubscribe()
	}
	Follow(ctx, wake, s.kick, s.opts.Heartbeat, s.readShared)
}

// Follow runs read whenever the feed may have moved: at a wake-up (a notification; nil for
// none), a kick (a reader asking now) or every period (a notification may be lost), until ctx
// ends. The shared stream read and the projections that follow the feed loop so.
func Follow(ctx context.Context, wake, kick <-chan struct{}, every time.Duration, read func(context.Context)) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		case <-kick:
		}
		read(ctx)
	}
}

// sharedReadTimeout bounds one shared read, so that a database that does not answer cannot
// hold the pump past the streams' own heartbeats.
const sharedReadTimeout = 5 * time.Second

// readShared reads what is new after the shared events, in batches until the end of the feed,
// and wakes the streams. Without shared events yet (no stream has reached the end of the feed)
// it only wakes the streams, which read for themselves and so give it a position.
func (s *Streams) readShared(ctx context.Context) {
	for {
		s.mu.Lock()
		if !s.known {
			s.wakeAllLocked()
			s.mu.Unlock()
			return
		}
		head, epoch := s.head, s.epoch
		s.mu.Unlock()

		readCtx, cancel := context.WithTimeout(ctx, sharedReadTimeout)
		events, err := s.events.read(readCtx, head, MaxBatch, "")
		cancel()
		s.opts.CountRead(ReadShared)

		s.mu.Lock()
		if s.epoch != epoch {
			s.mu.Unlock()
			return
		}
		if err != nil { // every stream ends; their clients come back with Last-Event-ID
			for sub := range s.subs {
				sub.err = err
			}
			s.resetLocked()
			s.wakeAllLocked()
			s.mu.Unlock()
			return
		}
		if len(events) > 0 {
			s.appendLocked(events)
			s.wakeAllLocked()
		}
		s.mu.Unlock()
		if len(events) < MaxBatch {
			return
		}
	}
}

// appendLocked adds events (all after head, in order) and forgets the oldest beyond the buffer.
func (s *Streams) appendLocked(events []Event) {
	s.buf = append(s.buf, events...)
	s.head = events[len(events)-1].Seq
	if n := len(s.buf) - s.opts.Buffer; n > 0 {
		s.base = s.buf[n-1].Seq
		s.buf = slices.Clone(s.buf[n:])
	}
}

func (s *Streams) resetLocked() {
	s.known, s.base, s.head, s.buf = false, 0, 0, nil
	s.epoch++
}

func (s *Streams) wakeAllLocked() {
	for sub := range s.subs {
		sub.notify()
	}
}

// Subscription is one open stream: its position in the feed and its wake-ups.
type Subscription struct {
	s      *Streams
	caller uuid.UUID
	only   string // the aggregate type it follows; "" for all
	wake   chan struct{}
	// Guarded by s.mu.
	pos    int64
	err    error
	closed bool
}

// Wake receives a value when Next may have something new.
func (sub *Subscription) Wake() <-chan struct{} { return sub.wake }

func (sub *Subscription) notify() {
	select {
	case sub.wake <- struct{}{}:
	default: // a wake-up is pending already; they merge
	}
}

// Next returns the next events after the stream's position, at most StreamBatch, in order and
// without gaps, and moves the position past them; none when there is nothing new. Within the
// shared events it reads nothing; behind them it reads the feed itself (on the primary, which
// a notification's commit has reached). A failed shared read is returned here too. A stream of
// one aggregate type moves past the other events too; when it passed some and may have more
// to read, it wakes itself, so that fewer than StreamBatch events never leave it behind.
func (sub *Subscription) Next(ctx context.Context) ([]Event, error) {
	s := sub.s
	s.mu.Lock()
	if sub.err != nil {
		s.mu.Unlock()
		return nil, sub.err
	}
	from := sub.pos
	if s.known && from >= s.base {
		i := sort.Search(len(s.buf), func(i int) bool { return s.buf[i].Seq > from })
		var out []Event
		if sub.only == "" {
			out = slices.Clip(s.buf[i:min(i+StreamBatch, len(s.buf))])
			if len(out) > 0 {
				sub.pos = out[len(out)-1].Seq
			}
		} else {
			for ; i < len(s.buf) && len(out) < StreamBatch; i++ {
				if e := s.buf[i]; e.AggregateType == sub.only {
					out = append(out, e)
				}
				sub.pos = s.buf[i].Seq
			}
		}
		s.mu.Unlock()
		return out, nil
	}
	s.mu.Unlock()

	// A stream of one aggregate type reads the whole feed too: what it reads can then give the
	// shared read its position, and the events it passes move it on.
	events, err := s.events.read(consistency.WithPrimary(ctx), from, StreamBatch, "")
	s.opts.CountRead(ReadCatchUp)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := events
	if sub.only != "" {
		out = slices.DeleteFunc(slices.Clone(events), func(e Event) bool { return e.AggregateType != sub.only })
		if len(events) == StreamBatch && len(out) < StreamBatch {
			sub.notify() // more may follow the ones it passed
		}
	}
	if len(events) > 0 {
		sub.pos = events[len(events)-1].Seq
		// This read reached the end of the feed, so it holds every event after from: the
		// shared read, if it has no position yet, starts from here. (None read says nothing:
		// from may be a position the feed has not reached.)
		// It looks at once for what may have committed since (its wake-up may have come
		// while it had no position).
		if !s.known && len(events) < StreamBatch && !sub.closed {
			s.known, s.base, s.head = true, from, sub.pos
			s.buf = slices.Clone(events)
			select {
			case s.kick <- struct{}{}:
			default:
			}
		}
	}
	return out, nil
}

// Close ends the stream; the last one to close stops the shared read and forgets its events.
func (sub *Subscription) Close() {
	s := sub.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub.closed {
		return
	}
	sub.closed = true
	delete(s.subs, sub)
	if s.perCaller[sub.caller]--; s.perCaller[sub.caller] <= 0 {
		delete(s.perCaller, sub.caller)
	}
	if len(s.subs) == 0 && s.stopPump != nil {
		s.stopPump()
		s.stopPump = nil
		s.resetLocked()
	}
}
