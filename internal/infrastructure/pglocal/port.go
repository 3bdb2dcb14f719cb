package pglocal

import (
	"fmt"
	"net"
	"strings"
)

// portAttempts bounds retries: picking a port and binding it are not atomic,
// so another process may grab it in between, but repeated losses mean
// something else is wrong.
const portAttempts = 4 // the first try plus three retries

// freePort asks the kernel for an unused loopback port. The listener is
// closed before postgres binds, hence the retry in Start.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pglocal: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// portConflict recognizes the server's bind failure in its log; the messages
// are stable because the children always run with an English C locale.
func portConflict(logTail string) bool {
	return strings.Contains(logTail, "Address already in use") ||
		strings.Contains(logTail, "could not create any TCP/IP sockets")
}
