package kernel

import "slices"

// Error is a sentinel error of an aggregate: a kind, a stable code of the contract (such as
// "HUB_NOT_FOUND"), a message for logs and, optionally, a detail and field errors meant for the
// caller. Declare each one once, in the aggregate's package, and match it with errors.Is; wrap it
// with %w to add context.
type Error struct {
	kind    Kind
	code    string
	message string
	detail  string
	fields  []FieldError
}

// NewError declares a sentinel error of the given kind and code.
func NewError(kind Kind, code, message string) *Error {
	return &Error{kind: kind, code: code, message: message}
}

// WithDetail is a copy of e whose Detail, the sentence a caller is told, is detail rather than
// the message. Use it where the sentinel is declared: the copy is another sentinel.
func (e *Error) WithDetail(detail string) *Error {
	c := *e
	c.detail = detail
	return &c
}

// WithField is a copy of e that names a field the failure concerns (a taken name concerns the
// name), so a caller can point at it. Use it where the sentinel is declared.
func (e *Error) WithField(field, message string) *Error {
	c := *e
	c.fields = append(slices.Clip(e.fields), FieldError{Field: field, Message: message})
	return &c
}

// Error is the message.
func (e *Error) Error() string { return e.message }

// Kind is the class of the failure.
func (e *Error) Kind() Kind { return e.kind }

// Code is the stable code clients branch on.
func (e *Error) Code() string { return e.code }

// Detail is what a caller is told: the detail given, else the message. It holds no internals;
// whatever a wrapping error adds is for logs only.
func (e *Error) Detail() string {
	if e.detail != "" {
		return e.detail
	}
	return e.message
}

// Fields are the fields the failure concerns; nil for most errors.
func (e *Error) Fields() []FieldError { return slices.Clone(e.fields) }

// ErrUnavailable means the store (or another service the domain relies on) cannot answer now: down,
// restarting, overloaded, or the statement ran out of time. Nothing was changed; the caller may
// retry. It belongs to no aggregate: any adapter returns it, wrapping the driver's error.
var ErrUnavailable = NewError(Unavailable, "SERVICE_UNAVAILABLE", "store unavailable").
	WithDetail("the database cannot answer right now; try again shortly")
