package seed

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// progress is a one-line progress bar for a long load:
//
//	synthetic hubs [############------------------]  41% 410000/1000000  7.6s  54k rows/s
//
// On a terminal the line is redrawn in place with '\r' (at most every redrawEvery); anywhere
// else (a pipe, a CI log) a plain line is printed at every tenth instead, so logs stay readable.
// A nil *progress draws nothing, which is what a nil writer gets.
type progress struct {
	w        io.Writer
	label    string
	total    int
	tty      bool
	now      func() time.Time
	start    time.Time
	done     int
	lastDraw time.Time
	lastLen  int  // tty: width of the line on screen, to blank out what a shorter one leaves
	open     bool // tty: a line is on screen without its newline
	tenths   int  // not tty: tenths already printed
}

const (
	progressWidth = 30 // characters of the bar between the brackets
	redrawEvery   = 100 * time.Millisecond
)

func newProgress(w io.Writer, label string, total int) *progress {
	if w == nil {
		return nil
	}
	return newProgressOn(w, label, total, isTerminal(w), time.Now)
}

func newProgressOn(w io.Writer, label string, total int, tty bool, now func() time.Time) *progress {
	return &progress{w: w, label: label, total: max(total, 1), tty: tty, now: now, start: now()}
}

// isTerminal tells a terminal from a file or a pipe without a dependency: a character device
// that is not TERM=dumb.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// set records that done of total are done and draws if it is time to.
func (p *progress) set(done int) {
	if p == nil {
		return
	}
	p.done = min(max(done, 0), p.total)
	now := p.now()
	if p.tty {
		if p.done == p.total || now.Sub(p.lastDraw) >= redrawEvery {
			p.lastDraw = now
			p.redraw(now)
		}
		return
	}
	if t := p.done * 10 / p.total; t > p.tenths {
		p.tenths = t
		p.write(p.line(now, false) + "\n")
	}
}

// finish ends the line on a terminal, so what is printed next starts on a line of its own.
func (p *progress) finish() {
	if p == nil || !p.open {
		return
	}
	p.redraw(p.now())
	p.write("\n")
	p.open = false
}

func (p *progress) redraw(now time.Time) {
	line := p.line(now, true)
	pad := max(p.lastLen-len(line), 0)
	p.lastLen = len(line)
	p.open = true
	p.write("\r" + line + strings.Repeat(" ", pad))
}

// write draws s. The bar is a courtesy: a write that fails (stderr closed) must not stop the load.
func (p *progress) write(s string) { _, _ = io.WriteString(p.w, s) }

func (p *progress) line(now time.Time, bar bool) string {
	elapsed := now.Sub(p.start)
	var b strings.Builder
	b.WriteString(p.label)
	if bar {
		filled := p.done * progressWidth / p.total
		b.WriteString(" [" + strings.Repeat("#", filled) + strings.Repeat("-", progressWidth-filled) + "]")
	}
	fmt.Fprintf(&b, " %3d%% %d/%d  %.1fs", p.done*100/p.total, p.done, p.total, elapsed.Seconds())
	if elapsed > 0 && p.done > 0 {
		b.WriteString("  " + humanRate(float64(p.done)/elapsed.Seconds()) + " rows/s")
	}
	return b.String()
}

// humanRate writes 850, 9.8k, 53k or 1.2M.
func humanRate(r float64) string {
	switch {
	case r >= 1e6:
		return strconv.FormatFloat(r/1e6, 'f', 1, 64) + "M"
	case r >= 1e4:
		return strconv.FormatFloat(r/1e3, 'f', 0, 64) + "k"
	case r >= 1e3:
		return strconv.FormatFloat(r/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(r, 'f', 0, 64)
}
