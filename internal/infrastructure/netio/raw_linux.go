package netio

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
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
	rw := &Conn{Conn: c, rc: rc}
	rw.readFn, rw.writeFn = rw.read, rw.write
	return rw
}

// Conn is a connection whose Read and Write are raw system calls through the poller; the rest
// (deadlines, Close, addresses) is the inner connection's. Each direction keeps its call's
// state in the Conn and its function is bound once, so that a call allocates nothing; a lock
// per direction keeps net.Conn's promise that goroutines may call it at once (lib/pq's
// listener writes its goodbye while another write waits): such calls take turns, as the
// socket's own write lock has them do anyway, and Close still wakes a waiting one.
type Conn struct {
	net.Conn
	rc              syscall.RawConn
	rmu, wmu        sync.Mutex
	rd, wr          call
	readFn, writeFn func(fd uintptr) bool
}

// call is one Read's or Write's buffer, bytes done and error from the system call.
type call struct {
	p     []byte
	n     int
	errno syscall.Errno
}

// Read implements net.Conn: read(2) once data is there, io.EOF at the end of the stream.
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.rmu.Lock()
	c.rd = call{p: p}
	err := c.rc.Read(c.readFn)
	n, errno := c.rd.n, c.rd.errno
	c.rd = call{}
	c.rmu.Unlock()
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

func (c *Conn) read(fd uintptr) bool {
	p := c.rd.p
	for {
		m, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p))) //nolint:gosec // G103: read(2) into p, kept alive by the call
		switch e {
		case 0:
			c.rd.n = int(m)
			return true
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false // the poller waits for data, within the deadlines
		default:
			c.rd.errno = e
			return true
		}
	}
}

// Write implements net.Conn: write(2) until all of p is written, the poller waiting for room.
func (c *Conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	c.wr = call{p: p}
	err := c.rc.Write(c.writeFn)
	n, errno := c.wr.n, c.wr.errno
	c.wr = call{}
	c.wmu.Unlock()
	if err == nil && errno != 0 {
		err = os.NewSyscallError("write", errno)
	}
	if err != nil {
		return n, c.opError("write", err)
	}
	return n, nil
}

func (c *Conn) write(fd uintptr) bool {
	p := c.wr.p
	for c.wr.n < len(p) {
		m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[c.wr.n])), uintptr(len(p)-c.wr.n)) //nolint:gosec // G103: write(2) of p's bytes, kept alive by the call
		switch e {
		case 0:
			c.wr.n += int(m)
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false // the poller waits for room, within the deadlines
		default:
			c.wr.errno = e
			return true
		}
	}
	return true
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
