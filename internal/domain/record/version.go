package record

import (
	"fmt"
	"strconv"
)

// VersionMismatchError is the aggregate's VersionMismatch sentinel with the version the record
// is at, so a client can retry without reading the record again; the HTTP answer carries it as
// the current ETag (kernel.Versioner). Each aggregate names it as its own type, an alias of this
// one instantiated with its Subject.
type VersionMismatchError[S Subject] struct {
	Current int64
}

// Error says that the version did not match and which one the record is at.
func (e *VersionMismatchError[S]) Error() string {
	s := sentinels[S]()
	return fmt.Sprintf("%v: the %s is at version %d", s.VersionMismatch, s.Noun, e.Current)
}

// Unwrap gives the aggregate's VersionMismatch sentinel: errors.Is matches it, and the error has
// its kind and code.
func (e *VersionMismatchError[S]) Unwrap() error { return sentinels[S]().VersionMismatch }

// CurrentVersion implements kernel.Versioner.
func (e *VersionMismatchError[S]) CurrentVersion() int64 { return e.Current }

// Detail implements kernel.Detailer: the version the record is at.
func (e *VersionMismatchError[S]) Detail() string {
	return "the " + sentinels[S]().Noun + " is at version " + strconv.FormatInt(e.Current, 10) +
		", not the one If-Match names"
}
