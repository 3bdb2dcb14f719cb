package kernel

import (
	"errors"
	"strconv"
)

// Kind is the class of a failure, as far as a caller can act on it: what it must change or wait
// for. Adapters translate kinds (an HTTP status, a retry), never single errors.
type Kind uint8

// The kinds. The zero value, Internal, is a fault of ours that the caller cannot fix.
const (
	// Internal: no kind was given; a bug or a broken invariant (a 500).
	Internal Kind = iota
	// Invalid: the request breaks a rule of the domain; fixing the input helps.
	Invalid
	// NotFound: the thing does not exist, or not for this caller.
	NotFound
	// Conflict: the request clashes with the current state (a taken name, a deleted thing).
	Conflict
	// FailedPrecondition: a condition the caller set does not hold (an expected version).
	FailedPrecondition
	// Forbidden: the caller is known but may not do this.
	Forbidden
	// Unavailable: the service cannot answer now; nothing was changed and a retry may succeed.
	Unavailable
	// Unprocessable: the request is well formed and valid, but names something that does not
	// exist or cannot be used (a route's hub that is unknown or deleted).
	Unprocessable
)

var kindNames = [...]string{"Internal", "Invalid", "NotFound", "Conflict", "FailedPrecondition", "Forbidden", "Unavailable", "Unprocessable"}

// String names the kind as its constant does.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// kinded is any error that says its kind: *Error, *ValidationError, or an aggregate's own
// richer error type.
type kinded interface {
	error
	Kind() Kind
}

// KindOf is the kind of the first error in err's chain that has one, and Internal when none
// has (nil included: it is no failure a caller could be told about).
func KindOf(err error) Kind {
	var k kinded
	if errors.As(err, &k) {
		return k.Kind()
	}
	return Internal
}

// CodeOf is the stable code of the first error in err's chain that has one, or "" when none has.
func CodeOf(err error) string {
	var c interface {
		error
		Code() string
	}
	if errors.As(err, &c) {
		return c.Code()
	}
	return ""
}
