package hub

import (
	"fmt"

	"github.com/google/uuid"
)

// VersionMismatchError is ErrVersionMismatch with the version the hub is at, so a client can
// retry without reading the hub again. It tells the hub's version, so it is for a caller who
// may see and change the hub, which is why the commands compare versions only after deciding
// both (command.checkVersion).
type VersionMismatchError struct {
	Current int64
}

// Error says that the version did not match and which one the hub is at.
func (e *VersionMismatchError) Error() string {
	return fmt.Sprintf("%v: the hub is at version %d", ErrVersionMismatch, e.Current)
}

// Unwrap gives ErrVersionMismatch: errors.Is matches it, and the error has its kind and code.
func (e *VersionMismatchError) Unwrap() error { return ErrVersionMismatch }

// NameTakenError is ErrNameTaken naming the live hub that holds the name. Holder is uuid.Nil
// when the repository could not tell (the holder was deleted between the refusal and the
// look-up).
type NameTakenError struct {
	Holder uuid.UUID
}

// Error says that the name is taken and, when known, by which hub.
func (e *NameTakenError) Error() string {
	if e.Holder == uuid.Nil {
		return ErrNameTaken.Error()
	}
	return fmt.Sprintf("%v by hub %s", ErrNameTaken, e.Holder)
}

// Unwrap gives ErrNameTaken: errors.Is matches it, and the error has its kind and code.
func (e *NameTakenError) Unwrap() error { return ErrNameTaken }
