package record

import "github.com/hubd/hubd/internal/domain/kernel"

// Subject tells the shared parts which aggregate they serve. Each aggregate implements it on an
// empty struct type of its own; Sentinels must not depend on the receiver's value.
type Subject interface {
	Sentinels() Sentinels
}

// Sentinels are the aggregate's own errors for what this package checks, and its noun for
// messages ("hub", "route").
type Sentinels struct {
	Noun string
	// NotFound: no record with that id (or, for the not-deleted lookups, no live one).
	NotFound *kernel.Error
	// Invalid is the aggregate's sentinel of kind Invalid: a missing actor is a
	// *kernel.ValidationError of it.
	Invalid *kernel.Error
	// Deleted refuses a change or a deletion of a deleted record.
	Deleted *kernel.Error
	// NotDeleted refuses a restore of a live record.
	NotDeleted *kernel.Error
	// VersionMismatch is what VersionMismatchError unwraps to.
	VersionMismatch *kernel.Error
	// NameTaken and IDProperty serve NameTakenError, for aggregates with unique names
	// (WithNameTaken): the sentinel, and the property that names the holder's id ("hubId").
	NameTaken  *kernel.Error
	IDProperty string
}

func sentinels[S Subject]() Sentinels {
	var s S
	return s.Sentinels()
}
