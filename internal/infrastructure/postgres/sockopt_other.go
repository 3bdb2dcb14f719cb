//go:build !linux

package postgres

import "syscall"

// setUserTimeout does nothing where TCP_USER_TIMEOUT does not exist: keep-alive probes and the
// deadlines on each operation still bound every connection.
func setUserTimeout(string, string, syscall.RawConn) error { return nil }
