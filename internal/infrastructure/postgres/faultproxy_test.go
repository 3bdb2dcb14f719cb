package postgres_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"
)

// proxyState is what a faultProxy lets through.
type proxyState int

const (
	flowing proxyState = iota
	// frozen is a server whose every process is stopped (SIGSTOP): its kernel still completes
	// new connections into the backlog and acknowledges what is sent, but nothing is read,
	// accepted or answered.
	frozen
	// postmasterFrozen stops only the process that accepts connections: the connections there
	// keep working, new ones hang in the backlog.
	postmasterFrozen
)

// faultProxy stands between a pool and the real test PostgreSQL and fails the way servers fail,
// without stopping the shared server: it holds what it has read instead of passing it on, and
// stops reading, so the kernel's buffers and backlog behave as in front of a frozen server.
type faultProxy struct {
	t      *testing.T
	ln     net.Listener
	target string

	mu      sync.Mutex
	changed *sync.Cond
	state   proxyState
}

// newFaultProxy listens on a loopback port and forwards to the server of dsn.
func newFaultProxy(t *testing.T, dsn string) *faultProxy {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{t: t, ln: ln, target: u.Host}
	p.changed = sync.NewCond(&p.mu)
	t.Cleanup(func() {
		p.set(flowing) // release every goroutine held
		ln.Close()
	})
	go p.serve()
	return p
}

// dsn is dsn pointed at the proxy.
func (p *faultProxy) dsn(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		p.t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

func (p *faultProxy) set(s proxyState) {
	p.mu.Lock()
	p.state = s
	p.mu.Unlock()
	p.changed.Broadcast()
}

// await blocks while the state is one of held.
func (p *faultProxy) await(held ...proxyState) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		stop := false
		for _, h := range held {
			stop = stop || p.state == h
		}
		if !stop {
			return
		}
		p.changed.Wait()
	}
}

func (p *faultProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			// A connection accepted while no server process accepts stays in the "backlog":
			// connected, never answered.
			p.await(frozen, postmasterFrozen)
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				client.Close()
				return
			}
			go p.pipe(server, client)
			p.pipe(client, server)
		}()
	}
}

// pipe copies src to dst, holding each chunk while the server is frozen.
func (p *faultProxy) pipe(src, dst net.Conn) {
	defer src.Close()
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.await(frozen)
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// silentServer accepts connections and reads what they send, but never writes a byte: a port
// held by something that is not PostgreSQL, or a server that is stuck.
func silentServer(t *testing.T) string {
	t.Helper()
	return fakeServer(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
}

// tricklingServer answers a connection's startup with a message that never ends, one byte
// every 100ms: every read succeeds, and a timeout on each read would never fire.
func tricklingServer(t *testing.T) string {
	t.Helper()
	return fakeServer(t, func(c net.Conn) {
		go func() { _, _ = io.Copy(io.Discard, c) }()
		// ParameterStatus ('S') of 100,000 bytes: lib/pq reads until it has them all.
		if _, err := c.Write([]byte{'S', 0, 1, 0x86, 0xa0}); err != nil {
			return
		}
		for range time.Tick(100 * time.Millisecond) {
			if _, err := c.Write([]byte{'a'}); err != nil {
				return
			}
		}
	})
}

func fakeServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() { // before wg.Wait: ends the handlers
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				handle(c)
			}()
		}
	}()
	return fmt.Sprintf("postgres://hubd@%s/hubd?sslmode=disable", ln.Addr())
}

// within runs f and fails the test when it takes longer than limit; it still waits for f (up
// to a minute) so that a failure reports how long the hang was.
func within(t *testing.T, limit time.Duration, what string, f func() error) error {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if took := time.Since(start); took > limit {
			t.Errorf("%s took %s, want at most %s (err: %v)", what, took.Round(time.Millisecond), limit, err)
		}
		return err
	case <-time.After(time.Minute):
		t.Fatalf("%s still running after a minute, want at most %s", what, limit)
		return errors.New("unreachable")
	}
}
