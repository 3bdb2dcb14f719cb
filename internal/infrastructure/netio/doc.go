// Package netio gives TCP connections whose reads and writes call read(2) and write(2) as raw
// system calls through the runtime's poller, for hubd's two busy sockets: the connections to
// PostgreSQL (the postgres adapter's dialer) and the HTTP connections of hubd serve (Listener).
//
// A plain net.Conn Read or Write enters the scheduler's system-call state. A loopback write
// runs the receiver's TCP stack too, and often lasts past a sysmon tick: sysmon then hands the
// goroutine's P to another thread and keeps polling every 20 µs, a tenth of hubd's CPU under
// load. The sockets are non-blocking, so a raw call never waits: EAGAIN has the poller wait,
// with the connection's deadlines, exactly as net.Conn does. Elsewhere than Linux, and for a
// connection without a raw socket, Wrap returns the connection as it is.
package netio

import "net"

// Listener wraps ln so that the connections it accepts are Wrap's.
func Listener(ln net.Listener) net.Listener { return listener{ln} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return Wrap(c), nil
}
