package postgres

import "testing"

// TestNetConnWritesRawOnLinux: the dialer's TCP connections write through the raw socket.
func TestNetConnWritesRawOnLinux(t *testing.T) {
	nc, _ := dialedPair(t)
	if nc.raw == nil {
		t.Fatal("a dialed TCP connection has no raw socket to write to")
	}
}
