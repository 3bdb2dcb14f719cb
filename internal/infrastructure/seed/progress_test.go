package seed

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step at every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestProgressOnATerminalRedrawsOneLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgressOn(&out, "synthetic hubs", 1000, true, fakeClock(time.Second))
	p.set(520)
	p.set(1000)
	p.finish()
	got := out.String()
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		t.Fatalf("terminal output %q: want one line, redrawn with \\r, ended by one newline", got)
	}
	frames := strings.Split(strings.TrimSuffix(got, "\n"), "\r")[1:]
	if len(frames) != 3 {
		t.Fatalf("frames %q, want 3 (52%%, 100%%, the final redraw)", frames)
	}
	if want := "synthetic hubs [###############---------------]  52% 520/1000  1.0s  520 rows/s"; frames[0] != want {
		t.Errorf("first frame %q\nwant        %q", frames[0], want)
	}
	if !strings.HasPrefix(frames[1], "synthetic hubs [##############################] 100% 1000/1000  2.0s  500 rows/s") {
		t.Errorf("second frame %q", frames[1])
	}
}

func TestProgressOnATerminalIsThrottledAndBlanksLeftovers(t *testing.T) {
	var out bytes.Buffer
	p := newProgressOn(&out, "x", 100, true, fakeClock(10*time.Millisecond))
	for i := 1; i < 100; i++ {
		p.set(i)
	}
	if n := strings.Count(out.String(), "\r"); n > 12 {
		t.Errorf("%d redraws in 1s of updates, want about one every 100ms", n)
	}
	long := newProgressOn(&out, "x", 100000, true, fakeClock(time.Millisecond))
	long.lastLen = 200 // as if a longer line were on screen
	out.Reset()
	long.redraw(long.now())
	if !strings.HasSuffix(out.String(), strings.Repeat(" ", 100)) {
		t.Errorf("a shorter line does not blank the rest of the longer one: %q", out.String())
	}
}

func TestProgressElsewherePrintsEveryTenth(t *testing.T) {
	var out bytes.Buffer
	p := newProgressOn(&out, "synthetic hubs", 1000, false, fakeClock(time.Second))
	for i := 0; i <= 1000; i += 10 {
		p.set(i)
	}
	p.finish()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 10 || strings.Contains(out.String(), "\r") {
		t.Fatalf("got %d lines %q, want 10 plain lines", len(lines), lines)
	}
	if !strings.HasPrefix(lines[0], "synthetic hubs  10% 100/1000  ") ||
		!strings.HasPrefix(lines[9], "synthetic hubs 100% 1000/1000  ") || strings.Contains(lines[0], "[") {
		t.Errorf("lines %q", lines)
	}
}

func TestProgressJumpsPrintOneLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgressOn(&out, "x", 10, false, fakeClock(time.Second))
	p.set(7)
	p.set(7)
	if got := strings.Count(out.String(), "\n"); got != 1 || !strings.Contains(out.String(), " 70% 7/10") {
		t.Errorf("output %q, want one line at 70%%", out.String())
	}
}

func TestNilProgressDrawsNothing(t *testing.T) {
	p := newProgress(nil, "x", 10)
	p.set(5) // must not panic
	p.finish()
	var out bytes.Buffer
	if isTerminal(&out) {
		t.Error("a buffer is not a terminal")
	}
}

func TestHumanRate(t *testing.T) {
	for r, want := range map[float64]string{850: "850", 9800: "9.8k", 53200: "53k", 1.24e6: "1.2M"} {
		if got := humanRate(r); got != want {
			t.Errorf("humanRate(%v) = %q, want %q", r, got, want)
		}
	}
}
