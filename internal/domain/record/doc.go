// Package record is what every aggregate's root shares: the audit fields (version, created,
// updated and deleted, each with who and when), the soft-delete lifecycle that moves them, the
// version check with its error, and the envelope of the events a change records.
//
// An aggregate names itself to this package by a Subject, an empty struct type of its own
// package whose method gives its noun and its sentinel errors. That type is the type argument of
// Audit and VersionMismatchError, so the zero Audit needs no set-up and each aggregate's version
// error is a type of its own (errors.As into the hub's does not match the route's). The root
// embeds Audit under an unexported alias (type audit = record.Audit[subject]): the read-only
// accessors become the root's methods, while the transitions (Touch, Delete, Restore) are
// functions of this package on the embedded value, which no other package can reach.
//
// The package imports no aggregate package; a test in internal/ keeps it so.
package record
