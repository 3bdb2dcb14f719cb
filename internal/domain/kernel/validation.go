package kernel

import "strings"

// FieldError names one field that breaks a rule. Field uses the contract's names, dotted for
// nested values ("hubName", "address.address1", "location.latitude").
type FieldError struct {
	Field   string
	Message string
}

// ValidationError collects every field error of one attempt, so a client can fix them all at
// once instead of one per round trip. Of is the aggregate's sentinel of kind Invalid (such as
// hub.ErrInvalid): the error matches it with errors.Is, and takes its code and its message as
// the prefix of its own.
type ValidationError struct {
	Of     *Error
	Fields []FieldError
}

// Error is the sentinel's message followed by every field and what is wrong with it.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + " " + f.Message
	}
	prefix := "invalid"
	if e.Of != nil {
		prefix = e.Of.Error()
	}
	return prefix + ": " + strings.Join(parts, "; ")
}

// Kind is Invalid, whatever the sentinel says.
func (e *ValidationError) Kind() Kind { return Invalid }

// Unwrap gives the sentinel, so errors.Is(err, e.Of) holds and CodeOf finds its code.
func (e *ValidationError) Unwrap() error {
	if e.Of == nil {
		return nil
	}
	return e.Of
}

// Validator gathers the field errors of one attempt; the zero value is ready.
type Validator struct{ fields []FieldError }

// Add records that field breaks a rule.
func (v *Validator) Add(field, message string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Err is nil when no field error was added, else a *ValidationError of the sentinel of.
func (v *Validator) Err(of *Error) error {
	if len(v.fields) == 0 {
		return nil
	}
	return &ValidationError{Of: of, Fields: v.fields}
}

// Len is the number of field errors added so far, so a check can tell whether an earlier one
// already failed.
func (v *Validator) Len() int { return len(v.fields) }
