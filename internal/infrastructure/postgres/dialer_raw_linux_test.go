package postgres

import (
	"testing"

	"github.com/hubd/hubd/internal/infrastructure/netio"
)

// TestNetConnIsRawOnLinux: the dialer's TCP connections read and write through netio's raw
// system calls.
func TestNetConnIsRawOnLinux(t *testing.T) {
	nc, _ := dialedPair(t)
	if _, ok := nc.Conn.(*netio.Conn); !ok {
		t.Fatalf("a dialed TCP connection is a %T, not a *netio.Conn", nc.Conn)
	}
}
