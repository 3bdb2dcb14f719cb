package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/hubd/hubd/internal/infrastructure/config"
)

// openPTY opens a pseudo-terminal and returns its two ends: the terminal side is what stderr is
// when hubd runs in a terminal, the other side reads what was written to it.
func openPTY(t *testing.T) (reader, terminal *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOrFail(t, ptmx) })
	ioctl := func(req uintptr, arg unsafe.Pointer) {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), req, uintptr(arg)); errno != 0 {
			t.Fatalf("ioctl %#x on /dev/ptmx: %v", req, errno)
		}
	}
	var unlock int32
	ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)) //nolint:gosec // G103: the ioctl reads the int32 it points to
	var n uint32
	ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n)) //nolint:gosec // G103: the ioctl writes the uint32 it points to
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOrFail(t, pts) })
	return ptmx, pts
}

// closeOrFail closes a file the test opened; a failed Close is a failed test.
func closeOrFail(t *testing.T, f *os.File) {
	t.Helper()
	if err := f.Close(); err != nil {
		t.Error(err)
	}
}

// logOnce writes one log line with format to w and returns what arrived at r.
func logOnce(t *testing.T, format string, w io.Writer, r io.Reader) string {
	t.Helper()
	newLogger(config.Log{Level: "info", Format: format}, w).Info("hello", "n", 1)
	got := make(chan string, 1)
	go func() {
		b := make([]byte, 4096)
		n, _ := r.Read(b)
		got <- string(b[:n])
	}()
	select {
	case s := <-got:
		return s
	case <-time.After(5 * time.Second):
		t.Fatalf("format %s: nothing written within 5s", format)
		return ""
	}
}

// TestLogFormatFollowsTheTerminal: by default (auto) the log is text on a terminal and JSON on
// a pipe or in a buffer; json and text force one either way.
func TestLogFormatFollowsTheTerminal(t *testing.T) {
	if got := config.Default().Log.Format; got != config.LogFormatAuto {
		t.Errorf("default log format %q, want %q", got, config.LogFormatAuto)
	}
	text := func(s string) bool { return strings.Contains(s, "level=INFO msg=hello n=1") }
	json := func(s string) bool { return strings.Contains(s, `"level":"INFO","msg":"hello","n":1}`) }

	ptyReader, terminal := openPTY(t)
	pipeReader, pipe, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer closeOrFail(t, pipeReader)
	defer closeOrFail(t, pipe)
	for _, c := range []struct {
		format, where string
		w             io.Writer
		r             io.Reader
		want          func(string) bool
	}{
		{"auto", "a terminal", terminal, ptyReader, text},
		{"auto", "a pipe", pipe, pipeReader, json},
		{"json", "a terminal", terminal, ptyReader, json},
		{"text", "a pipe", pipe, pipeReader, text},
	} {
		if got := logOnce(t, c.format, c.w, c.r); !c.want(got) {
			t.Errorf("format %s on %s wrote %q", c.format, c.where, got)
		}
	}
	var buf bytes.Buffer
	if got := logOnce(t, "auto", &buf, &buf); !json(got) {
		t.Errorf("format auto into a buffer wrote %q, want JSON", got)
	}
}
