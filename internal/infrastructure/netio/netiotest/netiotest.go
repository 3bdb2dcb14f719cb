// Package netiotest gives tests a loopback TCP connection's two ends.
package netiotest

import (
	"net"
	"testing"
)

// Pair listens on 127.0.0.1 through wrap (nil: the listener as it is), dials it with dial and
// returns the dialed end and the accepted one, both closed when the test ends.
func Pair(t testing.TB, wrap func(net.Listener) net.Listener, dial func(addr string) (net.Conn, error)) (dialed, accepted net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if wrap != nil {
		ln = wrap(ln)
	}
	defer ln.Close()
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(ch)
			return
		}
		ch <- c
	}()
	dialed, err = dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	accepted, ok := <-ch
	if !ok {
		_ = dialed.Close()
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { _ = dialed.Close(); _ = accepted.Close() })
	return dialed, accepted
}
