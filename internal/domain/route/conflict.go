package route

import (
	"fmt"

	"github.com/google/uuid"
)

// VersionMismatchError is ErrVersionMismatch with the version the route is at, so a client can
// retry without reading the route again. Like the hub's, it is for a caller who may see and
// change the route: compare versions only after deciding both.
type VersionMismatchError struct {
	Current int64
}

// Error says that the version did not match and which one the route is at.
func (e *VersionMismatchError) Error() string {
	return fmt.Sprintf("%v: the route is at version %d", ErrVersionMismatch, e.Current)
}

// Unwrap gives ErrVersionMismatch: errors.Is matches it, and the error has its kind and code.
func (e *VersionMismatchError) Unwrap() error { return ErrVersionMismatch }

// CurrentVersion implements kernel.Versioner: a 412 carries the route's current ETag.
func (e *VersionMismatchError) CurrentVersion() int64 { return e.Current }

// ExistsError is ErrExists naming the live route that holds the pair. Holder is uuid.Nil when
// the repository could not tell (the holder was deleted between the refusal and the look-up).
type ExistsError struct {
	Holder uuid.UUID
}

// Error says that the pair is taken and, when known, by which route.
func (e *ExistsError) Error() string {
	if e.Holder == uuid.Nil {
		return ErrExists.Error()
	}
	return fmt.Sprintf("%v: route %s", ErrExists, e.Holder)
}

// Unwrap gives ErrExists: errors.Is matches it, and the error has its kind and code.
func (e *ExistsError) Unwrap() error { return ErrExists }
