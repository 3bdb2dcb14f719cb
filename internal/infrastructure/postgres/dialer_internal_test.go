package postgres

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/hubd/hubd/internal/infrastructure/netio/netiotest"
)

// dialedPair gives a connection the dialer made and the listener's end of it.
func dialedPair(t *testing.T) (*netConn, net.Conn) {
	t.Helper()
	c, peer := netiotest.Pair(t, nil, func(addr string) (net.Conn, error) {
		return newDialer(false).DialContext(t.Context(), "tcp", addr)
	})
	return c.(*netConn), peer
}

// TestNetConnReadsAheadWithoutLosingBytes sends more than the read-ahead through lib/pq's kind
// of reader (a 4 kB bufio.Reader) in pieces of every size: every byte arrives, in order, and a
// page's 6 kB is asked of the socket at once.
func TestNetConnReadsAheadWithoutLosingBytes(t *testing.T) {
	nc, peer := dialedPair(t)
	want := make([]byte, 3*readAhead+123)
	for i := range want {
		want[i] = byte(i * 7)
	}
	go func() {
		for rest := want; len(rest) > 0; {
			n := min(len(rest), 1+len(rest)%6000)
			_, _ = peer.Write(rest[:n])
			rest = rest[n:]
		}
		_ = peer.Close()
	}()
	got, err := io.ReadAll(bufio.NewReaderSize(nc, 4096))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, not the %d sent (or not in order)", len(got), len(want))
	}

	nc2, peer2 := dialedPair(t)
	if _, err := peer2.Write(make([]byte, 6000)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // all of it in the socket
	if n, err := nc2.Read(make([]byte, 4096)); n != 4096 || err != nil {
		t.Fatalf("first read: %d, %v", n, err)
	}
	if nc2.have != 6000 {
		t.Fatalf("the socket was read for %d bytes at once, not the 6000 waiting", nc2.have)
	}
}

// TestNetConnCutServesNothingReadAhead: once cut off, a connection fails its reads at once,
// even with bytes read ahead that lib/pq has not had yet.
func TestNetConnCutServesNothingReadAhead(t *testing.T) {
	nc, peer := dialedPair(t)
	if _, err := peer.Write(make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	if n, err := nc.Read(make([]byte, 10)); n != 10 || err != nil {
		t.Fatalf("first read: %d, %v", n, err)
	}
	nc.cutOff()
	n, err := nc.Read(make([]byte, 10))
	if n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read after the cut: %d, %v; want 0 and a deadline error", n, err)
	}
}

// TestNetConnWritesEverythingAndHonoursTheCut sends more than the socket buffers hold while the
// peer reads slowly (each write meets a full buffer and waits for the poller): every byte
// arrives in order. Then, with the peer no longer reading, a write blocked on the full buffer
// fails at once when the connection is cut off.
func TestNetConnWritesEverythingAndHonoursTheCut(t *testing.T) {
	nc, peer := dialedPair(t)
	want := make([]byte, 8<<20)
	for i := range want {
		want[i] = byte(i * 13)
	}
	got := make(chan []byte, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 3000)
		for b.Len() < len(want) {
			n, err := peer.Read(buf)
			if err != nil {
				break
			}
			b.Write(buf[:n])
		}
		got <- b.Bytes()
	}()
	if n, err := nc.Write(want); n != len(want) || err != nil {
		t.Fatalf("write: %d of %d, %v", n, len(want), err)
	}
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("the peer read %d bytes, not the %d written (or not in order)", len(b), len(want))
	}

	done := make(chan error, 1)
	go func() {
		_, err := nc.Write(want) // the peer reads nothing more: this fills the buffers and waits
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	nc.cutOff()
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("write after the cut: %v; want a deadline error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a write blocked on a full buffer outlived the cut")
	}
}
