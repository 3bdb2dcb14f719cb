package netio_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/netio"
	"github.com/hubd/hubd/internal/infrastructure/netio/netiotest"
)

// pair is a raw connection accepted through Listener and its plain peer.
func pair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	peer, c := netiotest.Pair(t, netio.Listener, func(addr string) (net.Conn, error) { return net.Dial("tcp", addr) })
	if _, ok := c.(*netio.Conn); !ok {
		t.Fatalf("Listener accepted a %T, not a *netio.Conn", c)
	}
	return c, peer
}

// TestConnMovesEveryByteBothWays sends more than the socket buffers hold each way while the
// other side reads slowly, so that writes meet a full buffer and reads an empty one and both
// wait in the poller: every byte arrives, in order.
func TestConnMovesEveryByteBothWays(t *testing.T) {
	c, peer := pair(t)
	want := make([]byte, 8<<20)
	for i := range want {
		want[i] = byte(i * 13)
	}
	for _, dir := range []struct {
		name     string
		from, to net.Conn
	}{{"raw write", c, peer}, {"raw read", peer, c}} {
		got := make(chan []byte, 1)
		go func() {
			var b bytes.Buffer
			buf := make([]byte, 3000)
			for b.Len() < len(want) {
				n, err := dir.to.Read(buf)
				if err != nil {
					break
				}
				b.Write(buf[:n])
			}
			got <- b.Bytes()
		}()
		if n, err := dir.from.Write(want); n != len(want) || err != nil {
			t.Fatalf("%s: wrote %d of %d, %v", dir.name, n, len(want), err)
		}
		if b := <-got; !bytes.Equal(b, want) {
			t.Fatalf("%s: %d bytes arrived, not the %d written (or not in order)", dir.name, len(b), len(want))
		}
	}
}

// TestConnErrorsAreNetConns: a passed read deadline is a timeout net.Error with
// os.ErrDeadlineExceeded, so is a write blocked on a full buffer when its deadline passes; the
// peer's close is io.EOF; a closed connection is net.ErrClosed; all as *net.OpError.
func TestConnErrorsAreNetConns(t *testing.T) {
	c, _ := pair(t)
	if err := c.SetReadDeadline(time.Now().Add(50 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	var ne net.Error
	_, err := c.Read(make([]byte, 10))
	if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read past its deadline: %v; want a timeout", err)
	}
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Op != "read" {
		t.Fatalf("read past its deadline: %#v; want an *net.OpError of read", err)
	}
	_ = c.SetReadDeadline(time.Time{})

	done := make(chan error, 1)
	go func() {
		_ = c.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
		_, err := c.Write(make([]byte, 64<<20)) // the peer reads nothing: the buffers fill
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &oe) || oe.Op != "write" {
			t.Fatalf("write past its deadline: %v; want a deadline error of write", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a write blocked on a full buffer outlived its deadline")
	}

	c, peer := pair(t) // this peer holds unread bytes: closing it would reset, not end, the stream
	if _, err := peer.Write([]byte("end")); err != nil {
		t.Fatal(err)
	}
	_ = peer.Close()
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "end" {
		t.Fatalf("read to the peer's close: %q, %v; want \"end\" then io.EOF", got, err)
	}
	if n, err := c.Read(nil); n != 0 || err != nil {
		t.Fatalf("an empty read: %d, %v", n, err)
	}
	_ = c.Close()
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read after close: %v; want net.ErrClosed", err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("write after close: %v; want net.ErrClosed", err)
	}
}

// TestWrapLeavesOtherConnsAlone: a connection with no raw socket comes back as it is.
func TestWrapLeavesOtherConnsAlone(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if got := netio.Wrap(a); got != a {
		t.Fatalf("Wrap(net.Pipe) = %T; want the pipe itself", got)
	}
}

// TestConnReadWriteAllocateNothing: a read and a write of a raw connection allocate nothing
// (their state lives in the Conn), unlike a closure per call.
func TestConnReadWriteAllocateNothing(t *testing.T) {
	c, peer := pair(t)
	buf, msg := make([]byte, 64), []byte("ping")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(peer, buf[:len(msg)]); err != nil {
			t.Fatal(err)
		}
		if _, err := peer.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf[:len(msg)]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("%.1f allocations per write and read; want 0", allocs)
	}
}

// TestConnTakesConcurrentCalls: goroutines may write and read at once, as net.Conn allows;
// every write arrives whole (the race detector checks the Conn's own state).
func TestConnTakesConcurrentCalls(t *testing.T) {
	c, peer := pair(t)
	const writers, size = 8, 64 << 10
	got := make(chan int, 1)
	go func() {
		n, _ := io.Copy(io.Discard, io.LimitReader(peer, writers*size))
		got <- int(n)
	}()
	errs := make(chan error, writers)
	for i := range writers {
		go func() {
			_, err := c.Write(bytes.Repeat([]byte{byte(i)}, size))
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := <-got; n != writers*size {
		t.Fatalf("the peer read %d bytes of %d", n, writers*size)
	}
	go func() { _, _ = peer.Write(make([]byte, 2*size)) }()
	readErrs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := io.ReadFull(c, make([]byte, size))
			readErrs <- err
		}()
	}
	for range 2 {
		if err := <-readErrs; err != nil {
			t.Fatal(err)
		}
	}
}

// TestConnKeepsReadFrom: a wrapped TCP connection still offers its ReaderFrom (sendfile,
// splice), and a copy through it arrives whole.
func TestConnKeepsReadFrom(t *testing.T) {
	c, peer := pair(t)
	rf, ok := c.(io.ReaderFrom)
	if !ok {
		t.Fatal("a netio.Conn is no io.ReaderFrom")
	}
	want := bytes.Repeat([]byte("허브"), 10000)
	got := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(io.LimitReader(peer, int64(len(want)))); got <- b }()
	if n, err := rf.ReadFrom(bytes.NewReader(want)); err != nil || n != int64(len(want)) {
		t.Fatalf("ReadFrom: %d, %v", n, err)
	}
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("the peer read %d bytes, not the %d sent", len(b), len(want))
	}
}
