package postgres

import (
	"net"
	"os"
	"syscall"
	"unsafe"
)

// rawWriter is the socket under a netConn, for writes that leave the scheduler alone.
type rawWriter = syscall.RawConn

func rawWriterOf(c net.Conn) rawWriter {
	if sc, ok := c.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			return rc
		}
	}
	return nil
}

// writeRaw writes p with write(2) called as a raw system call, through the poller: the socket
// is non-blocking, so the call never waits (EAGAIN has the poller wait instead, with the
// connection's deadlines and cut, as net.Conn's Write does). A plain Write enters the
// scheduler's system-call state, and a loopback write, which runs the server's receive side
// too, often lasts past a sysmon tick: sysmon then hands the goroutine's P to another thread
// and keeps polling every 20 µs, which under load was a tenth of hubd's CPU.
func (c *netConn) writeRaw(p []byte) (int, error) {
	n := 0
	var errno syscall.Errno
	err := c.raw.Write(func(fd uintptr) bool {
		for n < len(p) {
			m, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[n])), uintptr(len(p)-n)) //nolint:gosec // G103: write(2) of p's bytes, p kept alive by the call
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
	if errno != 0 {
		err = os.NewSyscallError("write", errno)
	}
	if err != nil {
		return n, &net.OpError{Op: "write", Net: c.LocalAddr().Network(), Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: err}
	}
	return n, nil
}
