package postgres

import (
	"strings"
	"syscall"
)

// tcpUserTimeout is TCP_USER_TIMEOUT of <linux/tcp.h>, the same on every architecture.
const tcpUserTimeout = 0x12

// setUserTimeout is the dialer's Control: on TCP sockets it sets TCP_USER_TIMEOUT, so data (or
// keep-alive probes) that the server leaves unacknowledged for userTimeout end the connection.
func setUserTimeout(network, _ string, rc syscall.RawConn) error {
	if !strings.HasPrefix(network, "tcp") {
		return nil
	}
	var sockErr error
	err := rc.Control(func(fd uintptr) {
		sockErr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, int(userTimeout.Milliseconds()))
	})
	if err != nil {
		return err
	}
	return sockErr
}
