package record

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/hubd/hubd/internal/domain/kernel"
)

// Standard are the sentinels every aggregate has alike, made from its noun ("company") and the
// prefix of its codes ("COMPANY"): not found, deleted, not deleted, a version mismatch (the one
// code every resource shares, so a client handles a stale If-Match the same way) and invalid.
// Each aggregate declares its ErrNotFound and the others as these, and adds its own.
func Standard(noun, code string) Sentinels {
	return Sentinels{
		Noun: noun,
		NotFound: kernel.NewError(kernel.NotFound, code+"_NOT_FOUND", noun+" not found").
			WithDetail("no such " + noun),
		Invalid: kernel.NewError(kernel.Invalid, "INVALID_BODY", "invalid "+noun),
		Deleted: kernel.NewError(kernel.Conflict, code+"_DELETED", noun+" is deleted").
			WithDetail("the " + noun + " is deleted; restore it first"),
		NotDeleted: kernel.NewError(kernel.Conflict, code+"_NOT_DELETED", noun+" is not deleted").
			WithDetail("the " + noun + " is not deleted"),
		VersionMismatch: kernel.NewError(kernel.FailedPrecondition, "VERSION_MISMATCH", noun+" version mismatch").
			WithDetail("the " + noun + " has another version than If-Match names"),
	}
}

// WithNameTaken is s with the sentinel of a name another live record holds (code+"_NAME_TAKEN",
// naming the field property) and the property that names a holder's id, for NameTakenError.
func (s Sentinels) WithNameTaken(code, property, idProperty string) Sentinels {
	s.NameTaken = kernel.NewError(kernel.Conflict, code+"_NAME_TAKEN", s.Noun+" name already taken").
		WithDetail("another "+s.Noun+" already has this name").WithField(property, "is already taken")
	s.IDProperty = idProperty
	return s
}

// NameTakenError is the aggregate's NameTaken sentinel naming the live record that holds the
// name. HolderID is uuid.Nil when the repository could not tell (the holder was deleted between
// the refusal and the look-up). Each aggregate with unique names declares it as its own type, an
// alias of this one instantiated with its Subject.
type NameTakenError[S Subject] struct {
	HolderID uuid.UUID
}

// Error says that the name is taken and, when known, by which record.
func (e *NameTakenError[S]) Error() string {
	s := sentinels[S]()
	if e.HolderID == uuid.Nil {
		return s.NameTaken.Error()
	}
	return fmt.Sprintf("%v by %s %s", s.NameTaken, s.Noun, e.HolderID)
}

// Unwrap gives the NameTaken sentinel: errors.Is matches it, and the error has its kind and code.
func (e *NameTakenError[S]) Unwrap() error { return sentinels[S]().NameTaken }

// Holder implements kernel.Holder: the record holding the name, under its id's property.
func (e *NameTakenError[S]) Holder() (property, id string) {
	if e.HolderID == uuid.Nil {
		return sentinels[S]().IDProperty, ""
	}
	return sentinels[S]().IDProperty, e.HolderID.String()
}

// Detail implements kernel.Detailer: which record has the name, when known.
func (e *NameTakenError[S]) Detail() string {
	s := sentinels[S]()
	if e.HolderID == uuid.Nil {
		return s.NameTaken.Detail()
	}
	return s.Noun + " " + e.HolderID.String() + " already has this name"
}
