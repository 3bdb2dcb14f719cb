package postgres

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// EventNotifier turns PostgreSQL's NOTIFY on EventsChannel into wake-ups for in-process
// subscribers. A wake-up says only "look again": the event log stays the source of truth, so a
// lost or merged notification costs at most a delay, never an event. A reconnect of the
// listening connection (when notifications may have been lost) wakes everyone too.
type EventNotifier struct {
	listener *pq.Listener
	dialer   *dialer // tracks the listener's connections, for Close
	closing  atomic.Bool
	mu       sync.Mutex
	subs     map[chan struct{}]struct{}
	done     chan struct{}
}

// NewEventNotifier listens on the primary at dsn.
func NewEventNotifier(dsn string, log *slog.Logger) (*EventNotifier, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := &EventNotifier{dialer: newDialer(true), subs: map[chan struct{}]struct{}{}, done: make(chan struct{})}
	// The dialer's keep-alive and TCP_USER_TIMEOUT find a server that went away, and
	// connect_timeout bounds each (re)connection's handshake.
	n.listener = pq.NewDialListener(n.dialer, withConnectTimeout(dsn, DefaultConnectTimeout),
		100*time.Millisecond, 5*time.Second, func(ev pq.ListenerEventType, err error) {
			if err != nil && !n.closing.Load() {
				log.Warn("event listener", "event", int(ev), "error", err.Error())
			}
		})
	if err := n.listener.Listen(EventsChannel); err != nil {
		_ = n.listener.Close()
		return nil, fmt.Errorf("listen %s: %w", EventsChannel, err)
	}
	go n.run()
	return n, nil
}

func (n *EventNotifier) run() {
	defer close(n.done)
	for range n.listener.Notify { // nil after a reconnect: wake everyone as well
		n.mu.Lock()
		for ch := range n.subs {
			select {
			case ch <- struct{}{}:
			default: // a wake-up is already pending; they merge
			}
		}
		n.mu.Unlock()
	}
}

// Subscribe returns a channel that receives a value after new events may have been committed,
// and a function to stop receiving.
func (n *EventNotifier) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	n.mu.Lock()
	n.subs[ch] = struct{}{}
	n.mu.Unlock()
	return ch, func() {
		n.mu.Lock()
		delete(n.subs, ch)
		n.mu.Unlock()
	}
}

// Close stops listening. It closes the listener's connections first: lib/pq's Listener waits
// for the server's answer to LISTEN holding the lock that its Close needs, so against a frozen
// server Close would otherwise wait until the server came back.
func (n *EventNotifier) Close() error {
	n.closing.Store(true)
	n.dialer.closeAll()
	err := n.listener.Close()
	if errors.Is(err, pq.ErrChannelNotOpen) {
		err = nil
	}
	<-n.done
	return err
}
