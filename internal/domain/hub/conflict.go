package hub

import (
	"fmt"
	"strconv"

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

// CurrentVersion implements kernel.Versioner.
func (e *VersionMismatchError) CurrentVersion() int64 { return e.Current }

// Detail implements kernel.Detailer: the version the hub is at.
func (e *VersionMismatchError) Detail() string {
	return "the hub is at version " + strconv.FormatInt(e.Current, 10) + ", not the one If-Match names"
}

// NameTakenError is ErrNameTaken naming the live hub that holds the name. Holder is uuid.Nil
// when the repository could not tell (the holder was deleted between the refusal and the
// look-up).
type NameTakenError struct {
	HolderID uuid.UUID
}

// Error says that the name is taken and, when known, by which hub.
func (e *NameTakenError) Error() string {
	if e.HolderID == uuid.Nil {
		return ErrNameTaken.Error()
	}
	return fmt.Sprintf("%v by hub %s", ErrNameTaken, e.HolderID)
}

// Unwrap gives ErrNameTaken: errors.Is matches it, and the error has its kind and code.
func (e *NameTakenError) Unwrap() error { return ErrNameTaken }

// Holder implements kernel.Holder: the hub holding the name, as hubId.
func (e *NameTakenError) Holder() (property, id string) {
	if e.HolderID == uuid.Nil {
		return "hubId", ""
	}
	return "hubId", e.HolderID.String()
}

// Detail implements kernel.Detailer: which hub has the name, when known.
func (e *NameTakenError) Detail() string {
	if e.HolderID == uuid.Nil {
		return ErrNameTaken.Detail()
	}
	return "hub " + e.HolderID.String() + " already has this name"
}
