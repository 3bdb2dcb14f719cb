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
	rw := &Conn{Conn: c}
	rw.rd = direction{trap: syscall.SYS_READ, once: true, run: rc.Read}
	rw.wr = direction{trap: syscall.SYS_WRITE, run: rc.Write}
	rw.rd.fn, rw.wr.fn = rw.rd.call, rw.wr.call
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
	rd, wr direction
}

// direction is reading or writing: its system call, the raw connection's way to run it
// through the poller, and the state of the call in progress.
type direction struct {
	trap uintptr                           // SYS_READ or SYS_WRITE
	once bool                              // a read is done with the first bytes; a write when all are written
	run  func(func(fd uintptr) bool) error // syscall.RawConn's Read or Write
	fn   func(fd uintptr) bool             // call, bound once

	mu    sync.Mutex
	p     []byte
	n     int
	errno syscall.Errno
}

// call makes the system call on fd until it is done (true), or until the socket has no data
// or no room, when the poller waits, within the deadlines (false).
func (d *direction) call(fd uintptr) bool {
	for d.n < len(d.p) {
		m, _, e := syscall.RawSyscall(d.trap, fd, uintptr(unsafe.Pointer(&d.p[d.n])), uintptr(len(d.p)-d.n)) //nolint:gosec // G103: read(2) into or write(2) of p, kept alive by the call
		switch e {
		case 0:
			d.n += int(m)
			if d.once || m == 0 {
				return true
			}
		case syscall.EINTR:
		case syscall.EAGAIN:
			return false
		default:
			d.errno = e
			return true
		}
	}
	return true
}

// do runs one Read or Write of p (op names it): the bytes done and the error as net.Conn says
// them.
func (c *Conn) do(d *direction, p []byte, op string) (int, error) {
	d.mu.Lock()
	d.p, d.n, d.errno = p, 0, 0
	err := d.run(d.fn)
	n, errno := d.n, d.errno
	d.p = nil
	d.mu.Unlock()
	if err == nil && errno != 0 {
		err = os.NewSyscallError(op, errno)
	}
	if err != nil {
		return n, c.opError(op, err)
	}
	return n, nil
}

// Read implements net.Conn: read(2) once data is there, io.EOF at the end of the stream.
func (c *Conn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, err := c.do(&c.rd, p, "read")
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Write implements net.Conn: write(2) until all of p is written, the poller waiting for room.
func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.do(&c.wr, p, "write")
	if err == nil && n < len(p) { // write(2) wrote nothing: never on a socket, but never a silent short write
		err = c.opError("write", io.ErrShortWrite)
	}
	return n, err
}

// ReadFrom keeps the inner connection's (a *net.TCPConn's sendfile and splice) for copies into
// c, which net/http makes through OneWriteListener's connections.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c}, r)
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
