package main

import (
	"fmt"
	"os"
)

// maxEchoedLogLines is how many of hubd's log lines are passed on to our stderr.
const maxEchoedLogLines = 20

// logLine takes one line of hubd's log (it logs at warn and above): counted, the first lines
// echoed.
func (e *env) logLine(line string) {
	if e.logLines.Add(1) <= maxEchoedLogLines {
		fmt.Fprintln(os.Stderr, "hubd:", line)
	}
}
