//go:build !linux

package postgres

import "net"

// rawWriter is nothing where writes go through net.Conn as they are.
type rawWriter = *struct{}

func rawWriterOf(net.Conn) rawWriter { return nil }

func (c *netConn) writeRaw(p []byte) (int, error) { return c.Conn.Write(p) }
