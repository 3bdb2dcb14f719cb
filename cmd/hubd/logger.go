package main

import (
	"io"
	"log/slog"
	"os"
	"syscall"
	"unsafe"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// newLogger builds the structured log every command writes to stderr: by default text for a
// person when w is a terminal and JSON for a collector when it is not (a pipe, a file, a
// journal); log.format json or text forces one.
func newLogger(c config.Log, w io.Writer) *slog.Logger {
	level, _ := c.SlogLevel() // config.Load has validated it
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == config.LogFormatText || c.Format == config.LogFormatAuto && isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a terminal: a file whose terminal settings can be read
// (TCGETS), the test golang.org/x/term makes on Linux, without adding the module for it.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t))) //nolint:gosec // G103: TCGETS fills the Termios it points to, as x/term does
	return errno == 0
}
