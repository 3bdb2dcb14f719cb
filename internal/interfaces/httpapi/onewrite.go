package httpapi

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

// A response of more than net/http's 4 kB connection buffer (a page of hubs is 10 kB) leaves
// the server in two writes: the buffer with the head and the start of the body, then the rest.
// On a loopback or a VM each write is a system call that also runs the receiving side's TCP
// stack and wakes the reader, a few per cent of hubd's CPU per search. OneWriteListener's
// connections let WriteBody, which knows the whole body, hold those writes and send them in one.
// Nothing else changes: the bytes are the same and net/http still does all of HTTP.

// holdFrom is the body size from which WriteBody holds the writes: smaller ones leave in one
// write anyway. holdUpTo is where holding stops: it copies the body once more, and past twice
// the largest page (100 hubs, about 50 kB) a second write costs nothing that shows, so the held
// buffers stay small.
const (
	holdFrom = 2 << 10
	holdUpTo = 128 << 10
)

// OneWriteListener wraps ln (the service's TCP listener) so that each response WriteBody sends
// goes out in one write.
func OneWriteListener(ln net.Listener) net.Listener { return oneWriteListener{ln} }

type oneWriteListener struct{ net.Listener }

func (l oneWriteListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	oc := &oneWriteConn{Conn: c}
	oc.local = connAddr{Addr: c.LocalAddr(), conn: oc}
	return oc, nil
}

// connAddr is the connection's local address, which net/http puts into every request's context
// (http.LocalAddrContextKey): the way back from a request to its connection.
type connAddr struct {
	net.Addr
	conn *oneWriteConn
}

// oneWriteConn passes writes through, but between hold and release it keeps them and release
// writes them at once. net/http writes a response from the handler's goroutine; the lock is for
// anything that might not.
type oneWriteConn struct {
	net.Conn
	local connAddr

	mu      sync.Mutex
	holding bool
	held    *[]byte
}

// heldBuffers are the held bytes, only while a response is being written: an idle
// keep-alive connection keeps none.
var heldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

func (c *oneWriteConn) LocalAddr() net.Addr { return c.local }

func (c *oneWriteConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holding {
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// ReadFrom keeps the inner connection's (sendfile, splice) for net/http's copies.
func (c *oneWriteConn) ReadFrom(r io.Reader) (int64, error) {
	if err := c.release(); err != nil {
		return 0, err
	}
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// writerOnly hides a ReaderFrom, so that io.Copy does not call it back.
type writerOnly struct{ io.Writer }

// CloseWrite keeps net/http's half-close of a TCP connection before it closes it.
func (c *oneWriteConn) CloseWrite() error {
	if err := c.release(); err != nil {
		return err
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *oneWriteConn) hold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.holding {
		c.holding, c.held = true, heldBuffers.Get().(*[]byte)
	}
}

// release writes what was held, in one write, and passes writes through again.
func (c *oneWriteConn) release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.holding {
		return nil
	}
	b := *c.held
	c.holding = false
	var err error
	if len(b) > 0 {
		_, err = c.Conn.Write(b)
	}
	if cap(b) <= 2*holdUpTo { // an outsized buffer goes to the garbage collector
		*c.held = b[:0]
		heldBuffers.Put(c.held)
	}
	c.held = nil
	return err
}

// heldConn is the connection of r when it came through OneWriteListener and its response
// may be held: not for HEAD, whose body net/http never writes.
func heldConn(r *http.Request) *oneWriteConn {
	if r.Method == http.MethodHead {
		return nil
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(connAddr); ok {
		return a.conn
	}
	return nil
}

// writeResponse sends status and body, head and body in one write when the request came
// through OneWriteListener: the writes are held while net/http writes the body and flushes
// everything, then released together.
func writeResponse(c echo.Context, status int, body []byte) (err error) {
	var hc *oneWriteConn
	if len(body) >= holdFrom && len(body) <= holdUpTo {
		hc = heldConn(c.Request())
	}
	if hc == nil {
		c.Response().WriteHeader(status)
		_, err = c.Response().Write(body)
		return err
	}
	hc.hold()
	// Released whatever happens, a panic included: a connection left holding would never answer.
	defer func() {
		if rerr := hc.release(); err == nil {
			err = rerr
		}
	}()
	c.Response().WriteHeader(status)
	if _, err = c.Response().Write(body); err != nil {
		return err
	}
	// Without a Flusher (a writer wrapped by something that does not unwrap), what is held goes
	// out now and the rest as net/http writes it: two writes, in order.
	if ferr := http.NewResponseController(c.Response().Writer).Flush(); !errors.Is(ferr, http.ErrNotSupported) {
		err = ferr
	}
	return err
}
