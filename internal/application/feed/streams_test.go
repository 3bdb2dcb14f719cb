package feed_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/application/access"
	"github.com/hubd/hubd/internal/application/feed"
	"github.com/hubd/hubd/internal/apptest"
	"github.com/hubd/hubd/internal/infrastructure/postgres"
)

// manualWaker is the notification source, rung by the test: what NOTIFY does after a commit.
type manualWaker struct {
	mu   sync.Mutex
	subs []chan struct{}
}

func (w *manualWaker) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	w.subs = append(w.subs, ch)
	w.mu.Unlock()
	return ch, func() {}
}

func (w *manualWaker) ring() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// reads counts the feed's reads by reader.
type reads struct {
	mu sync.Mutex
	n  map[string]int
}

func (r *reads) count(reader string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n[reader]++
}

func (r *reads) get(reader string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[reader]
}

// drain takes what sub has until it has every event up to seq, waiting for wake-ups, and
// returns the seqs it got.
func drain(t *testing.T, sub *feed.Subscription, upTo int64) []int64 {
	t.Helper()
	var got []int64
	deadline := time.After(5 * time.Second)
	for len(got) == 0 || got[len(got)-1] < upTo {
		events, err := sub.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			got = append(got, e.Seq)
		}
		if len(events) > 0 {
			continue
		}
		select {
		case <-sub.Wake():
		case <-deadline:
			t.Fatalf("only %v of the events up to %d", got, upTo)
		}
	}
	return got
}

// TestHubEventStreams_OneReadForAll: ten streams from the start of the feed cost one read (the
// first stream's, which reaches the end), and each new event one shared read, whatever the
// number of streams; a stream left behind by more events than the shared read keeps catches up
// from the feed itself, in order and without gaps; the last Close stops it all.
func TestHubEventStreams_OneReadForAll(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for i := range 3 {
		env.Create(t, apptest.Details(fmt.Sprintf("흐름 %d", i), nil))
	}
	waker, counted := &manualWaker{}, &reads{n: map[string]int{}}
	streams, err := feed.NewStreams(env.App.Feed, feed.StreamOptions{
		Waker: waker, Heartbeat: time.Hour, Buffer: 5, CountRead: counted.count,
	})
	if err != nil {
		t.Fatal(err)
	}
	readAll := func() []int64 {
		all, err := env.App.Feed.Handle(ctx, feed.Query{Actor: env.Master, Limit: feed.MaxBatch})
		if err != nil {
			t.Fatal(err)
		}
		seqs := make([]int64, len(all))
		for i, e := range all {
			seqs[i] = e.Seq
		}
		return seqs
	}
	history := readAll()
	server := apptest.Actor(access.Server)
	var subs []*feed.Subscription
	for range 10 {
		sub, err := streams.Subscribe(apptest.Actor(access.Server), 0)
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
		if got := drain(t, sub, history[len(history)-1]); fmt.Sprint(got) != fmt.Sprint(history) {
			t.Fatalf("history: %v, want %v", got, history)
		}
	}
	slow, err := streams.Subscribe(server, 0)
	if err != nil {
		t.Fatal(err)
	}
	drain(t, slow, history[len(history)-1])
	if n := counted.get(feed.ReadCatchUp); n != 1 {
		t.Errorf("11 streams read the history with %d reads of their own, want 1", n)
	}

	shared := counted.get(feed.ReadShared) // the kick once the first stream had a position
	for i := range 8 {                     // more than the shared read keeps: slow falls behind
		env.Create(t, apptest.Details(fmt.Sprintf("새 흐름 %d", i), nil))
		waker.ring()
		all := readAll()
		for _, sub := range subs {
			if got := drain(t, sub, all[len(all)-1]); len(got) != 1 || got[0] != all[len(all)-1] {
				t.Fatalf("event %d: %v", i, got)
			}
		}
	}
	if n := counted.get(feed.ReadShared) - shared; n < 8 || n > 9 {
		t.Errorf("8 events for 10 streams took %d shared reads, want one each", n)
	}
	if n := counted.get(feed.ReadCatchUp); n != 1 {
		t.Errorf("streams keeping up read %d times for themselves", n-1)
	}
	all := readAll()
	if got := drain(t, slow, all[len(all)-1]); fmt.Sprint(got) != fmt.Sprint(all[len(history):]) {
		t.Errorf("the slow stream: %v, want %v", got, all[len(history):])
	}
	if n := counted.get(feed.ReadCatchUp); n < 2 {
		t.Errorf("the slow stream caught up with %d reads of its own, want at least 1", n-1)
	}

	for _, sub := range append(subs, slow) {
		sub.Close()
		sub.Close() // twice is harmless
	}
	if n := streams.Open(); n != 0 {
		t.Errorf("%d streams open after closing all", n)
	}
}

// TestHubEventStreams_Caps: past a caller's cap ErrTooManyStreams, past the total ErrStreamsFull,
// a closed stream frees its place; and only MASTER and SERVER may follow.
func TestHubEventStreams_Caps(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	streams, err := feed.NewStreams(env.App.Feed, feed.StreamOptions{MaxStreams: 3, MaxPerCaller: 2})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob, carol := apptest.Actor(access.Server), apptest.Actor(access.Master), apptest.Actor(access.Server)
	a1, err1 := streams.Subscribe(alice, 0)
	_, err2 := streams.Subscribe(alice, 0)
	_, err3 := streams.Subscribe(alice, 0)
	_, err4 := streams.Subscribe(bob, 0)
	_, err5 := streams.Subscribe(carol, 0)
	if err1 != nil || err2 != nil || !errors.Is(err3, feed.ErrTooManyStreams) || err4 != nil || !errors.Is(err5, feed.ErrStreamsFull) {
		t.Fatalf("caps: %v %v %v %v %v", err1, err2, err3, err4, err5)
	}
	a1.Close()
	if _, err := streams.Subscribe(carol, 0); err != nil {
		t.Errorf("after a close: %v", err)
	}
	for _, role := range []access.Role{access.HubManager, access.Company, access.Shipper, access.Customer} {
		if _, err := streams.Subscribe(apptest.Actor(role), 0); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("%s: %v", role, err)
		}
	}
}

// TestHubEventStreams_FromHead: a stream from the head (after=now) is refused by the caps and the
// role before it reads the head; one within them reads it once, is sent none of the history, and
// is sent the event committed right after it opened exactly once.
func TestHubEventStreams_FromHead(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for i := range 3 {
		env.Create(t, apptest.Details(fmt.Sprintf("지금부터 %d", i), nil))
	}
	log := &apptest.HeadCounting{Log: postgres.NewStore(env.DB)}
	events, err := feed.NewHandler(log)
	if err != nil {
		t.Fatal(err)
	}
	waker := &manualWaker{}
	streams, err := feed.NewStreams(events, feed.StreamOptions{Waker: waker, Heartbeat: time.Hour, MaxStreams: 2, MaxPerCaller: 1})
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := apptest.Actor(access.Server), apptest.Actor(access.Master)
	sub, err := streams.SubscribeFromHead(ctx, alice, "")
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if n := log.Heads(); n != 1 {
		t.Fatalf("one stream from the head read it %d times", n)
	}
	if _, err := streams.SubscribeFromHead(ctx, alice, ""); !errors.Is(err, feed.ErrTooManyStreams) {
		t.Errorf("past the caller's cap: %v, want ErrTooManyStreams", err)
	}
	other, err := streams.SubscribeTo(bob, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := streams.SubscribeFromHead(ctx, apptest.Actor(access.Server), ""); !errors.Is(err, feed.ErrStreamsFull) {
		t.Errorf("past the service's cap: %v, want ErrStreamsFull", err)
	}
	if _, err := streams.SubscribeFromHead(ctx, apptest.Actor(access.HubManager), ""); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("a hub manager: %v, want ErrForbidden", err)
	}
	if _, err := streams.SubscribeFromHead(ctx, bob, "parcel"); !errors.Is(err, feed.ErrUnknownAggregateType) {
		t.Errorf("an unknown aggregate type: %v, want ErrUnknownAggregateType", err)
	}
	if n := log.Heads(); n != 1 {
		t.Errorf("the refused streams read the head: %d reads in all, want 1", n)
	}

	if got, err := sub.Next(ctx); err != nil || len(got) != 0 {
		t.Fatalf("from the head before anything new: %d events, %v", len(got), err)
	}
	env.Create(t, apptest.Details("지금부터 새것", nil))
	waker.ring()
	all, err := env.App.Feed.Handle(ctx, feed.Query{Actor: env.Master, Limit: feed.MaxBatch})
	if err != nil {
		t.Fatal(err)
	}
	newest := all[len(all)-1].Seq
	if got := drain(t, sub, newest); len(got) != 1 || got[0] != newest || newest != 4 {
		t.Fatalf("after the new event: %v, want [%d] (seq 4)", got, newest)
	}
	drain(t, other, newest) // the shared read has it now; another look must not send it again
	waker.ring()
	time.Sleep(50 * time.Millisecond)
	if got, err := sub.Next(ctx); err != nil || len(got) != 0 {
		t.Errorf("the new event again: %d events, %v", len(got), err)
	}
}
