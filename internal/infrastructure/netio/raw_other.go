//go:build !linux

package netio

import "net"

// Wrap returns c as it is: the raw system calls are Linux's.
func Wrap(c net.Conn) net.Conn { return c }
