package hub

import (
	"errors"
	"strings"
)

// Sentinel errors. Callers match them with errors.Is; adapters wrap them with %w.
var (
	// ErrNotFound: no hub with that id (or, for the not-deleted lookups, no live one).
	ErrNotFound = errors.New("hub not found")
	// ErrNameTaken: another hub that is not deleted already has this name, compared by its key
	// (names.Key: ignoring case, compatibility forms, white space runs and ignorable characters).
	ErrNameTaken = errors.New("hub name already taken")
	// ErrVersionMismatch: the caller expected another version than the stored one.
	ErrVersionMismatch = errors.New("hub version mismatch")
	// ErrDeleted: the hub is deleted and cannot be changed or deleted again.
	ErrDeleted = errors.New("hub is deleted")
	// ErrNotDeleted: only a deleted hub can be restored.
	ErrNotDeleted = errors.New("hub is not deleted")
	// ErrUnavailable: the store cannot answer now (down, restarting, overloaded, or the
	// statement ran out of time). Nothing was changed; the caller may retry.
	ErrUnavailable = errors.New("hub store unavailable")
	// ErrInvalid is matched by every *ValidationError.
	ErrInvalid = errors.New("invalid hub")
)

// FieldError names one field that breaks a rule. Field uses the contract's names, dotted for
// nested values ("hubName", "address.address1", "location.latitude").
type FieldError struct {
	Field   string
	Message string
}

// ValidationError collects every field error of one attempt, so a client can fix them all at
// once instead of one per round trip.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + " " + f.Message
	}
	return "invalid hub: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true for every validation error.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// validator gathers field errors; err returns nil when there were none.
type validator struct{ fields []FieldError }

func (v *validator) add(field, message string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

func (v *validator) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: v.fields}
}
