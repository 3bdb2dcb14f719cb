package route

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/record"
)

// VersionMismatchError is ErrVersionMismatch with the version the route is at (Current), so a
// client can retry without reading the route again; it implements kernel.Versioner and
// kernel.Detailer. Like the hub's, it is for a caller who may see and change the route: compare
// versions only after deciding both (CheckVersion).
type VersionMismatchError = record.VersionMismatchError[subject]

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
