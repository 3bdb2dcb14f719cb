package postgres

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/netio"
)

// How hubd's connections to PostgreSQL watch the network. TCP itself can only tell a server
// that is unreachable (nothing acknowledges): keep-alive probes find a silent peer of an idle
// connection within about keepAliveIdle + keepAliveCount × keepAliveInterval, and
// TCP_USER_TIMEOUT ends a connection whose data stays unacknowledged for userTimeout. A server
// whose processes are stopped (SIGSTOP) or stuck keeps its kernel's TCP stack, which accepts
// connections into the backlog, acknowledges every byte and answers every probe: only deadlines
// on the connection itself catch that, which is what conn does with each operation's context.
const (
	// DefaultConnectTimeout bounds opening one connection (dialing, TLS and the startup
	// handshake) when PoolConfig says nothing, whatever the caller's context allows.
	DefaultConnectTimeout = 5 * time.Second
	keepAliveIdle         = 5 * time.Second
	keepAliveInterval     = 2 * time.Second
	keepAliveCount        = 3
	userTimeout           = 10 * time.Second
	// closeTimeout bounds what database/sql does without a context: closing a statement (a round
	// trip in lib/pq) and a connection. Past it the connection is cut off instead.
	closeTimeout = 500 * time.Millisecond
)

// aLongTimeAgo is a deadline that has passed: set on a connection, it fails every blocked and
// every later read and write at once.
var aLongTimeAgo = time.Unix(1, 0)

var errDialerClosed = errors.New("postgres: the dialer is closed")

// dialer is the pq.Dialer of hubd's connections. It sets the keep-alive and TCP_USER_TIMEOUT
// options on every socket, returns connections that can be cut off (netConn), and hands each
// one to the Connect that asked for it through the dial's context (see handoff), since lib/pq
// keeps its net.Conn to itself. A tracking dialer also remembers its open connections, so that
// closeAll can wake everything that waits on them.
type dialer struct {
	net net.Dialer

	mu     sync.Mutex
	open   map[*netConn]struct{} // nil: not tracked
	closed bool
}

func newDialer(track bool) *dialer {
	d := &dialer{net: net.Dialer{
		Timeout: DefaultConnectTimeout, // a cap for lib/pq's dials without a deadline (cancel requests, Dial)
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: keepAliveIdle,
			Interval: keepAliveInterval, Count: keepAliveCount},
		Control: setUserTimeout,
	}}
	if track {
		d.open = map[*netConn]struct{}{}
	}
	return d
}

// DialContext implements pq.DialerContext.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	raw, err := d.net.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	nc := &netConn{Conn: netio.Wrap(raw)} // reads and writes as raw system calls (netio)
	nc.cutFn = nc.cutOff
	if d.open != nil {
		d.mu.Lock()
		if d.closed {
			d.mu.Unlock()
			_ = raw.Close()
			return nil, errDialerClosed
		}
		d.open[nc] = struct{}{}
		nc.onClose = func() { d.mu.Lock(); delete(d.open, nc); d.mu.Unlock() }
		d.mu.Unlock()
	}
	if h, ok := ctx.Value(handoffKey{}).(*handoff); ok {
		h.set(nc)
	}
	return nc, nil
}

// Dial implements pq.Dialer.
func (d *dialer) Dial(network, address string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialTimeout implements pq.Dialer.
func (d *dialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return d.DialContext(ctx, network, address)
}

// closeAll closes every connection a tracking dialer made and refuses to dial again.
func (d *dialer) closeAll() {
	d.mu.Lock()
	d.closed = true
	open := make([]*netConn, 0, len(d.open))
	for nc := range d.open {
		open = append(open, nc)
	}
	d.mu.Unlock()
	for _, nc := range open {
		_ = nc.Close()
	}
}

// netConn is a connection the dialer made. Once cut off it stays cut off: a deadline set
// afterwards (lib/pq sets and clears one around its handshake) does not revive it.
//
// It reads ahead: lib/pq reads through a bufio.Reader of 4 kB, so a page of results (6 kB for
// 20 hubs) took two read(2)s, and each waited for the poller first; netConn asks the socket for
// up to readAhead bytes at once and serves lib/pq's reads from them. Reads come from one
// goroutine at a time (lib/pq's), as net.Conn's callers do; a cut connection serves nothing
// from the buffer, it fails as the socket does.
type netConn struct {
	net.Conn
	cut     atomic.Bool
	cutFn   func() // cutOff, bound once: every query watches its context with it
	onClose func()

	ahead      []byte // read from the socket, not yet by lib/pq: ahead[next:]
	next, have int
}

// readAhead is how much netConn asks the socket for at once.
const readAhead = 16 << 10

// Read implements net.Conn.
func (c *netConn) Read(p []byte) (int, error) {
	if c.next == c.have || c.cut.Load() {
		c.next, c.have = 0, 0
		if len(p) >= readAhead || c.cut.Load() {
			return c.Conn.Read(p)
		}
		if c.ahead == nil {
			c.ahead = make([]byte, readAhead)
		}
		n, err := c.Conn.Read(c.ahead)
		if n == 0 {
			return 0, err
		}
		c.have = n // an error along with data comes again with the next read
	}
	n := copy(p, c.ahead[c.next:c.have])
	c.next += n
	return n, nil
}

// cutOff fails every blocked and every later read and write at once.
func (c *netConn) cutOff() {
	c.cut.Store(true)
	_ = c.Conn.SetDeadline(aLongTimeAgo)
}

func (c *netConn) SetDeadline(t time.Time) error     { return c.setDeadline(c.Conn.SetDeadline, t) }
func (c *netConn) SetReadDeadline(t time.Time) error { return c.setDeadline(c.Conn.SetReadDeadline, t) }
func (c *netConn) SetWriteDeadline(t time.Time) error {
	return c.setDeadline(c.Conn.SetWriteDeadline, t)
}

// setDeadline checks the cut before and after, so that a cutOff running at the same time
// always wins: either set sees the cut, or the cut's own deadline comes after set's.
func (c *netConn) setDeadline(set func(time.Time) error, t time.Time) error {
	if c.cut.Load() {
		t = aLongTimeAgo
	}
	err := set(t)
	if c.cut.Load() {
		_ = c.Conn.SetDeadline(aLongTimeAgo)
	}
	return err
}

func (c *netConn) Close() error {
	if c.onClose != nil {
		c.onClose()
	}
	return c.Conn.Close()
}

// handoffKey is the context key under which Connect leaves a handoff for the dialer.
type handoffKey struct{}

// handoff carries the connection a dial made back to the Connect that asked for it, and a
// cutOff asked for before the dial has finished.
type handoff struct {
	mu  sync.Mutex
	nc  *netConn
	cut bool
}

func (h *handoff) set(nc *netConn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nc = nc
	if h.cut {
		nc.cutOff()
	}
}

func (h *handoff) cutOff() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cut = true
	if h.nc != nil {
		h.nc.cutOff()
	}
}

func (h *handoff) conn() *netConn {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.nc
}
