package netio

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"unsafe"
)

// Wrap returns c reading and writing with raw system calls, or c itself when it has no raw
// socket (not a *net.TCPConn, say).
func Wrap(c net.Conn) net.Conn {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return c
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return c
	}
	return &Conn{Conn: c, rc: rc}
}

// Conn is a connection whose Read and Write are raw system calls through the poller; the rest
// (deadlines, Close, addresses) is the inner connection's.
type Conn struct {
	net.Conn
	rc syscall.RawConn
}

// Read implements net.Conn: read(2) once data is there, io.EOF at the end of the stream.
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := 0
	var errno syscall.Errno
	err := c.rc.Read(func(fd uintptr) bool {
		for {
			m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p))) //nolint:gosec // G103: read(2) into p, kept alive by the call
			switch e {
			case 0:
				n = int(m)
				return true
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false // the poller waits for data, within the deadlines
			default:
				errno = e
				return true
			}
		}
	})
	if err == nil && errno != 0 {
		err = os.NewSyscallError("read", errno)
	}
	if err != nil {
		return 0, c.opError("read", err)
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Write implements net.Conn: write(2) until all of p is written, the poller waiting for room.
func (c *Conn) Write(p []byte) (int, error) {
	n := 0
	var errno syscall.Errno
	err := c.rc.Write(func(fd uintptr) bool {
		for n < len(p) {
			m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[n])), uintptr(len(p)-n)) //nolint:gosec // G103: write(2) of p's bytes, kept alive by the call
			switch e {
			case 0:
				n += int(m)
			case syscall.EINTR:
			case syscall.EAGAIN:
				return false // the poller waits for room, within the deadlines
			default:
				errno = e
				return true
			}
		}
		return true
	})
	if err == nil && errno != 0 {
		err = os.NewSyscallError("write", errno)
	}
	if err != nil {
		return n, c.opError("write", err)
	}
	return n, nil
}

// NetConn is the connection under c, as tls.Conn's NetConn.
func (c *Conn) NetConn() net.Conn { return c.Conn }

// CloseWrite keeps a TCP connection's half-close (net/http uses it before closing).
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// opError is err as net.Conn says it: an *net.OpError of op, so that deadline errors are
// net.Error timeouts and a closed connection is net.ErrClosed. The raw connection's own
// OpError ("raw-read") is unwrapped first.
func (c *Conn) opError(op string, err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		err = oe.Err
	}
	return &net.OpError{Op: op, Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
}
