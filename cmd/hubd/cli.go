package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// streams are a command's standard output (results only, so they can be piped) and standard
// error (notes, errors and logs).
type streams struct {
	stdout, stderr io.Writer
}

// flagSet is a FlagSet that prints nothing itself: parse decides where usage goes, because
// the flag package would print --help's usage to stderr and exit with 2 where we want 0.
func flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("hubd "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args with fs and returns the positional arguments. Flags may come before or
// after them (`hubd migrate down 1 --config x`), which the flag package alone does not allow;
// everything after "--" is positional. When done is true the command is over with code:
// --help printed usage to stdout (0), or a bad flag printed the error and usage to stderr (2).
func (s streams) parse(fs *flag.FlagSet, usage string, args []string) (pos []string, code int, done bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, s.printf("%s", usage), true
		}
		if err != nil {
			return nil, s.usageError(fs, usage, "%v", err), true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, false
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), 0, false
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// usageError reports a mistake in the command line, with the usage so the fix is at hand.
func (s streams) usageError(fs *flag.FlagSet, usage, format string, a ...any) int {
	s.notef("%s: %s\n\n%s", fs.Name(), fmt.Sprintf(format, a...), usage)
	return exitUsage
}

// fail reports an error of the work itself (not of the command line).
func (s streams) fail(name string, err error) int {
	s.notef("hubd %s: %v\n", name, err)
	return exitError
}

// printf writes a command's result to stdout and returns the exit code: a result that could not
// be written (a closed pipe, a full disk) fails the command, since whoever runs it did not get it.
func (s streams) printf(format string, a ...any) int {
	if _, err := fmt.Fprintf(s.stdout, format, a...); err != nil {
		s.notef("hubd: %v\n", err)
		return exitError
	}
	return exitOK
}

// notef writes a note or an error to stderr. A failed write there has nowhere left to be
// reported (the exit code still says how the command went), so it is dropped.
func (s streams) notef(format string, a ...any) {
	_, _ = fmt.Fprintf(s.stderr, format, a...)
}

// parseNoArgs is parse for commands without positional arguments: one is a usage error.
func (s streams) parseNoArgs(fs *flag.FlagSet, usage string, args []string) (code int, done bool) {
	pos, code, done := s.parse(fs, usage, args)
	if done {
		return code, true
	}
	if len(pos) > 0 {
		return s.usageError(fs, usage, "unexpected arguments: %s", strings.Join(pos, " ")), true
	}
	return 0, false
}
